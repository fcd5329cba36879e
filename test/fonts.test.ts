/** The book's faces as TrueType for pdf-lib: decoded from WOFF2, intact even when asked for together. */
import { describe, expect, it } from 'vitest';
import fontkit from '@pdf-lib/fontkit';
import { bookFonts, fontBytes } from '../scripts/fonts.ts';
import { existsSync } from 'node:fs';

describe('fonts', () => {
  it('bundles every face the stylesheets may use', () => {
    const faces = bookFonts();
    expect(faces).toHaveLength(11);
    for (const face of faces) expect(existsSync(face.file), face.file).toBe(true);
  });

  it('decodes faces requested at the same time into separate, valid TrueType fonts', async () => {
    const [regular, semibold, sans] = await Promise.all([
      fontBytes('Source Serif 4', 400, 'normal'),
      fontBytes('Source Serif 4', 600, 'normal'),
      fontBytes('Source Sans 3', 400, 'normal'),
    ]);
    for (const [bytes, name] of [[regular, 'SourceSerif4-Regular'], [semibold, 'SourceSerif4-SemiBold'], [sans, 'SourceSans3']] as const) {
      expect(Buffer.from(bytes.subarray(0, 4)).toString('hex')).toBe('00010000');
      expect(fontkit.create(Buffer.from(bytes)).postscriptName).toContain(name);
    }
  });
});
