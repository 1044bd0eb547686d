import { checkAccessibility, expect, test } from "./fixtures/journey";

// The accessibility check every journey runs (e2e/fixtures/journey.ts) must be able to fail: on a page built
// here with faults axe calls critical or serious, its checker names each rule, element and page. The page is
// about:blank with this content, not a page of the product, so the journey's own automatic check skips it.

test("the accessibility checker reports an image without alt text and text without enough contrast", async ({ page }) => {
  await page.setContent(`<!doctype html>
    <html lang="en"><head><title>Broken on purpose</title></head>
    <body><main>
      <h1>Broken on purpose</h1>
      <img id="no-alt" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="20" height="20">
      <p id="faint" style="color: #c8c8c8; background: #ffffff">Hardly readable</p>
    </main></body></html>`);
  const findings = await checkAccessibility(page);
  expect(findings).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ rule: "image-alt", impact: "critical", target: "#no-alt", url: "about:blank" }),
      expect.objectContaining({ rule: "color-contrast", impact: "serious", target: "#faint", url: "about:blank" }),
    ]),
  );
});

test("the accessibility checker finds nothing on a plain, well-formed page", async ({ page }) => {
  await page.setContent(`<!doctype html>
    <html lang="en"><head><title>Fine</title></head>
    <body><main><h1>Fine</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="A dot"><p>Readable</p></main></body></html>`);
  expect(await checkAccessibility(page)).toEqual([]);
});
