/**
 * The connection types, apart from db.ts so the migrations can name them without importing the module that runs
 * them (db.ts → migrations → db.ts was a cycle).
 *
 * The two connections have distinct types so a write cannot silently go through the wrong one: library rows
 * (sessions, files, imports, deletions) need the durable connection, job bookkeeping the fast one.
 */
import type Database from 'better-sqlite3';

declare const durability: unique symbol;
/** The library connection: synchronous=FULL, a committed row survives power loss. */
export type LibraryDb = Database.Database & { readonly [durability]: 'FULL' };
/** The work connection: synchronous=NORMAL, for job state, progress and analysis results (see openWorkConnection). */
export type WorkDb = Database.Database & { readonly [durability]: 'NORMAL' };
/**
 * Either connection: for code that only reads, or that runs before the connections are told apart (migrations,
 * the seeder). A repository never takes it: it names the connection it writes on (eslint-rules/repository-connections.js).
 */
export type Db = Database.Database;
