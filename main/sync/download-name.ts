/**
 * The Content-Disposition a presigned download carries, so the browser saves `Weekly check-in with Sam.mp4`
 * rather than the object key's last segment: an ASCII fallback plus the UTF-8 name (RFC 6266 / 5987).
 */
export function downloadDisposition(title: string, fileName: string): string {
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(fileName)?.[0] ?? '';
  const base =
    title
      .replace(/[\\/:*?"<>|\p{Cc}]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 150) || 'recording';
  const name = `${base}${ext}`;
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
