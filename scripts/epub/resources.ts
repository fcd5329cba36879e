/** The EPUB's resources besides the text: the cover image and its page (fonts: fonts/epub-fonts.ts). */
import { escapeXml } from './front-matter.ts';

export interface CoverImage {
  /** File name inside OEBPS/. */
  href: string;
  data: Uint8Array;
}

/** Names the cover by its format (PNG or JPEG) and warns about what Kobo rejects (not RGB, transparency). */
export function coverImage(data: Uint8Array | undefined, log: (line: string) => void): CoverImage | undefined {
  if (!data) {
    log('warning: EPUB: no cover image; the EPUB has no cover (stores ask for one)');
    return undefined;
  }
  const isPng = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
  const isJpeg = data[0] === 0xff && data[1] === 0xd8;
  if (!isPng && !isJpeg) {
    log('warning: EPUB: the cover is neither PNG nor JPEG; left out');
    return undefined;
  }
  if (isPng) {
    // IHDR colour type: 2 = RGB, 6 = RGB with alpha; 0, 3, 4 = grey or palette.
    const colourType = data[25];
    if (colourType !== 2 && colourType !== 6) log('warning: EPUB: the cover PNG is not RGB; Kobo asks for RGB images');
    if (colourType === 6 || colourType === 4) log('note: EPUB: the cover PNG has an alpha channel; Kobo asks for covers without transparency');
  }
  return { href: isPng ? 'cover.png' : 'cover.jpg', data };
}

/** The cover in its own XHTML document (Kobo), first in the spine. */
export function coverPage(options: { href: string; title: string; author: string; lang: string }): string {
  const alt = `Cover of ${options.title} by ${options.author}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${options.lang}" lang="${options.lang}">
<head>
  <meta charset="UTF-8" />
  <title>Cover</title>
  <link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body class="cover-body">
  <section class="cover" epub:type="cover"><img role="doc-cover" src="${escapeXml(options.href)}" alt="${escapeXml(alt)}" /></section>
</body>
</html>
`;
}
