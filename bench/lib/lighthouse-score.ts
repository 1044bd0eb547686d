import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

// Lighthouse (Google's own tool; its default mobile profile with simulated throttling) in Debian's
// Chromium, headless with the flags playwright.config.ts uses, on loopback only.

const CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface PageScore {
  url: string;
  /** Performance category score, 0–100. */
  score: number;
  metrics: Record<string, number>;
}

/** Performance scores of `urls`, in order, in one browser; `headers` (e.g. the session cookie) go with every request. */
export async function performanceScores(urls: string[], headers: Record<string, string> = {}): Promise<PageScore[]> {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", chromeFlags: CHROME_FLAGS, logLevel: "silent" });
  try {
    const scores: PageScore[] = [];
    for (const url of urls) {
      // Lighthouse now and then loses the page load's trace (NO_NAVSTART) on a busy machine: one more try.
      let result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: headers });
      if (result?.lhr.runtimeError?.code === "NO_NAVSTART") {
        result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], extraHeaders: headers });
      }
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const { lhr } = result;
      if (lhr.runtimeError) throw new Error(`Lighthouse could not load ${url}: ${lhr.runtimeError.message}`);
      const metric = (id: string) => Math.round(Number(lhr.audits[id]?.numericValue ?? NaN));
      scores.push({
        url: lhr.finalDisplayedUrl,
        score: Math.round((lhr.categories.performance.score ?? 0) * 100),
        metrics: {
          firstContentfulPaintMs: metric("first-contentful-paint"),
          largestContentfulPaintMs: metric("largest-contentful-paint"),
          totalBlockingTimeMs: metric("total-blocking-time"),
          speedIndexMs: metric("speed-index"),
          cumulativeLayoutShiftMilli: Math.round(Number(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN) * 1000),
        },
      });
    }
    return scores;
  } finally {
    chrome.kill();
  }
}
