/** The EPUB's resources besides the text: the cover image and its page (fonts: fonts/epub-fonts.ts). */
import { escapeXml } from './front-matter.ts';

export interface CoverImage {
  /** File name inside OEBPS/. */
  href: string;
  data: Uint8Array;
  /** Pixel size, for the cover page's viewBox. */
  width: number;
  height: number;
}

/** Width and height of a PNG (IHDR) or JPEG (first SOFn marker). */
function imageSize(data: Uint8Array, isPng: boolean): { width: number; height: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (isPng) return { width: view.getUint32(16), height: view.getUint32(20) };
  for (let i = 2; i + 9 < data.length; ) {
    const marker = data[i + 1];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { width: view.getUint16(i + 7), height: view.getUint16(i + 5) };
    i += 2 + view.getUint16(i + 2);
  }
  return { width: 1600, height: 2560 };
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
  return { href: isPng ? 'cover.png' : 'cover.jpg', data, ...imageSize(data, isPng) };
}

/**
 * The cover in its own XHTML document (Kobo), first in the spine: the image inside an SVG whose viewBox
 * is the image's size, so it scales to any screen whole (preserveAspectRatio), as Apple's and Kobo's
 * guides show. The page needs the `svg` manifest property.
 */
export function coverPage(options: { href: string; width: number; height: number; lang: string; alt: string; pageTitle: string }): string {
  const alt = escapeXml(options.alt);
  const { width, height } = options;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${options.lang}" lang="${options.lang}">
<head>
  <meta charset="UTF-8" />
  <title>${escapeXml(options.pageTitle)}</title>
  <link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body class="cover-body">
  <section class="cover" epub:type="cover">
    <svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="100%" height="100%" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid meet" role="img" aria-label="${alt}">
      <title>${alt}</title>
      <image width="${width}" height="${height}" xlink:href="${escapeXml(options.href)}" />
    </svg>
  </section>
</body>
</html>
`;
}
