import { main } from './scripts/cli.ts';
import { createBrowser } from './scripts/browser.ts';
const browser = createBrowser({ warn: () => {} });
for (let i = 0; i < Number(process.env.N ?? 3); i++) {
  const t = performance.now();
  const code = await main(['handouts', '--out', `/tmp/ho-ip/${i}`], { out: () => {}, log: () => {}, browser } as any);
  console.log(i, code, ((performance.now() - t) / 1000).toFixed(2));
}
await browser.close();
