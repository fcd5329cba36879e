/**
 * The local files a preview page may load (the book's images, its fonts): each `file:` URL in the HTML
 * and CSS the preview serves is replaced by `/__kindred/f/<token>/<name>`, and only files so named are
 * served. Nothing else on the disk can be reached through the server, whatever the request path.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { confinement, isAllowedUrl } from '../resolve-resource.ts';

export const FILE_ROUTE = '/__kindred/f/';

export interface ExposedFiles {
  /** The text with every allowed `file:` URL replaced by its preview URL (others are left as they are). */
  expose(text: string): string;
  /** The file behind a token, when one was exposed. */
  lookup(token: string): string | undefined;
}

export function exposedFiles(allowRoots: string[]): ExposedFiles {
  const allowed = confinement(allowRoots);
  const files = new Map<string, string>();
  return {
    expose(text) {
      return text.replace(/file:\/\/[^'")\s<>]+/g, (url) => {
        if (!isAllowedUrl(url, allowed)) return url;
        const path = fileURLToPath(url);
        // A new version of a file gets a new token, so that the page may cache what a token names.
        let stamp = '';
        try {
          const s = statSync(path);
          stamp = `${s.size}:${s.mtimeMs}`;
        } catch {
          /* missing: served as 404 */
        }
        const token = createHash('sha256').update(path).update('\0').update(stamp).digest('hex').slice(0, 16);
        files.set(token, path);
        return `${FILE_ROUTE}${token}/${encodeURIComponent(basename(path))}`;
      });
    },
    lookup: (token) => files.get(token),
  };
}
