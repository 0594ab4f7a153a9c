/**
 * Pure: the number of speakers from who holds the turn. Two windows next to each other inside one stretch of speech
 * are one speaker (nearly always). A group of windows is two speakers when the two halves of its cluster-tree split
 * hold different turns: the pairs of consecutive windows inside it fall in the same half more often than chance
 * (q² + (1 − q)² for halves of shares q and 1 − q) at 95 % one-sided significance (binomial z ≥ 1.645). A voice's own
 * variety (the first window of a sentence against the rest, questions against statements) alternates inside its
 * turns and fails that test; two voices of one gender, which a distance scale reads as one group, pass it.
 *
 * Splitting starts from the tree's root: the top `minK` groups are always taken, then each group's split is tried,
 * the highest first, until `maxK` groups.
 */
import type { Merge } from './cluster.js';

interface Node {
  left: number;
  right: number;
  height: number;
}

const Z = 1.645;

/** The tree's internal nodes (n … 2n − 2; leaves are 0 … n − 1) from Ward's merges (sorted by height). */
function treeOf(n: number, merges: readonly Merge[]): { nodes: Map<number, Node>; root: number } {
  const current = Int32Array.from({ length: n }, (_, i) => i);
  const nodes = new Map<number, Node>();
  let id = n;
  for (const m of merges) {
    nodes.set(id, { left: current[m.a] as number, right: current[m.b] as number, height: m.height });
    current[m.a] = id;
    id++;
  }
  return { nodes, root: merges.length ? id - 1 : 0 };
}

function leavesOf(nodes: Map<number, Node>, node: number, out: number[] = []): number[] {
  const stack = [node];
  while (stack.length) {
    const x = stack.pop() as number;
    const inner = nodes.get(x);
    if (inner) stack.push(inner.left, inner.right);
    else out.push(x);
  }
  return out;
}

/** z of "the halves hold different turns" for a node's split, from the within-turn pairs. */
export function turnZ(
  left: readonly number[],
  right: readonly number[],
  pairs: readonly (readonly [number, number])[],
): number {
  const side = new Map<number, number>();
  for (const i of left) side.set(i, 0);
  for (const i of right) side.set(i, 1);
  let m = 0;
  let same = 0;
  for (const [a, b] of pairs) {
    const sa = side.get(a);
    const sb = side.get(b);
    if (sa === undefined || sb === undefined) continue;
    m++;
    if (sa === sb) same++;
  }
  if (m === 0) return 0;
  const q = left.length / (left.length + right.length);
  const p0 = q * q + (1 - q) * (1 - q);
  return (same - m * p0) / Math.sqrt(Math.max(m * p0 * (1 - p0), 1e-12));
}

/** Labels 0…k−1 (first appearance order) of the groups found by splitting the tree while turns say so. */
export function splitByTurns(
  n: number,
  merges: readonly Merge[],
  pairs: readonly (readonly [number, number])[],
  minK = 2,
  maxK = 4,
): { k: number; labels: Int32Array; z: number[] } {
  const { nodes, root } = treeOf(n, merges);
  const height = (x: number): number => nodes.get(x)?.height ?? -Infinity;
  let groups = [root];
  const zs: number[] = [];
  // The top minK groups are always taken.
  while (groups.length < Math.min(minK, n)) {
    groups.sort((a, b) => height(b) - height(a));
    const top = groups.shift() as number;
    const node = nodes.get(top);
    if (!node) break;
    groups.push(node.left, node.right);
  }
  const open = [...groups];
  while (groups.length < maxK && open.length) {
    open.sort((a, b) => height(b) - height(a));
    const x = open.shift() as number;
    const node = nodes.get(x);
    if (!node) continue;
    const z = turnZ(leavesOf(nodes, node.left), leavesOf(nodes, node.right), pairs);
    zs.push(z);
    if (z < Z) continue;
    groups = groups.filter((g) => g !== x).concat([node.left, node.right]);
    open.push(node.left, node.right);
  }
  const labelOf = new Int32Array(n);
  groups.forEach((g, c) => {
    for (const leaf of leavesOf(nodes, g)) labelOf[leaf] = c;
  });
  const ids = new Map<number, number>();
  const labels = Int32Array.from(labelOf, (c) => {
    if (!ids.has(c)) ids.set(c, ids.size);
    return ids.get(c) as number;
  });
  return { k: groups.length, labels, z: zs };
}
