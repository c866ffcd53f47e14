// Browser checks of a site built by `specnotes build` (run by scripts/site-qa.sh).
//
// usage: node qa.mjs SITE_DIR SHOTS_DIR
//
// 1. End to end, in Debian's chromium through playwright-core, from file:// with the site's own
//    Content-Security-Policy enforced: index -> release 1.2.3 -> ticket #601 -> the history of a
//    page it changed; a search; a comparison picked in the page. Any console error, page error
//    or failed request fails the run. Screenshots of each step go to SHOTS_DIR.
// 2. Accessibility: axe-core (WCAG 2.x A and AA rules) on one page of every type; any violation
//    fails the run.
import { chromium } from "playwright-core";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [siteDir, shotsDir] = process.argv.slice(2);
if (!siteDir || !shotsDir) {
  console.error("usage: node qa.mjs SITE_DIR SHOTS_DIR");
  process.exit(2);
}
const site = path.resolve(siteDir);
const url = (rel) => pathToFileURL(path.join(site, rel)).href;
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const failures = [];
const fail = (what) => {
  failures.push(what);
  console.error(`FAIL ${what}`);
};
const pass = (what) => console.log(`ok   ${what}`);
const expect = (cond, what) => (cond ? pass(what) : fail(what));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-component-update",
    "--disable-default-apps", "--disable-sync", "--no-first-run", "--disable-gpu"],
});

try {
  await endToEnd();
  await accessibility();
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`\n${failures.length} failure(s)`);
  process.exit(1);
}
console.log("\nall browser checks passed");

/** A page that records console errors, uncaught exceptions and failed requests. */
async function watchedPage(context) {
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  return page;
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shotsDir, `${name}.png`), fullPage: false });
}

async function endToEnd() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await watchedPage(context);

  await page.goto(url("index.html"));
  expect((await page.title()).includes("release notes"), "index: title names the release notes");
  const rows = await page.locator(".releases tbody tr").count();
  expect(rows === 5, `index: 5 releases listed (saw ${rows})`);
  const chart = await page.locator("svg.chart").count();
  expect(chart === 1, "index: the chart is drawn without script");
  await shot(page, "index");

  await page.locator(".releases a", { hasText: "1.2.3" }).first().click();
  await page.waitForLoadState();
  expect(page.url().endsWith("/releases/1.2.3.html"), `release: navigated to 1.2.3 (${page.url()})`);
  const h1 = await page.locator("h1").innerText();
  expect(h1.includes("1.2.3"), `release: heading names the version ("${h1}")`);
  const changes = await page.locator("article.change, .change").count();
  expect(changes >= 7, `release: 7 changes shown (saw ${changes})`);
  await shot(page, "release");

  await page.locator(`a[href$="tickets/601.html"]`).first().click();
  await page.waitForLoadState();
  expect(page.url().endsWith("/tickets/601.html"), `ticket: navigated to #601 (${page.url()})`);
  const ticketText = await page.locator("main").innerText();
  expect(ticketText.includes("Amending a cancelled appointment"), "ticket: lists the change citing #601");
  await shot(page, "ticket");

  await page.locator(`main a[href*="pages/appointments_design.html"]`).first().click();
  await page.waitForLoadState();
  expect(page.url().endsWith("/pages/appointments_design.html"), `page history: navigated (${page.url()})`);
  const history = await page.locator("main").innerText();
  expect(history.includes("1.2.3"), "page history: names release 1.2.3");
  await shot(page, "page-history");

  await page.goto(url("search.html"));
  await page.fill("#search-input", "clock skew");
  await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 0, null,
    { timeout: 10000 }).catch(() => {});
  const hits = await page.locator("#search-results li").allInnerTexts();
  expect(hits.some((h) => /clock skew/i.test(h)), `search: "clock skew" finds the JWT change (${hits.length} hits)`);
  await shot(page, "search");

  await page.goto(url("compare/index.html"));
  await page.selectOption("#compare-from", { label: "1.1.0" });
  await page.selectOption("#compare-to", { label: "1.2.3" });
  await page.waitForFunction(() => document.querySelector("#compare-results")?.innerText.trim().length > 0, null,
    { timeout: 10000 }).catch(() => {});
  const compared = await page.locator("#compare-results").innerText();
  expect(compared.includes("Amending a cancelled appointment") && !compared.includes("1.0.0 changes"),
    "compare: 1.1.0 -> 1.2.3 lists the 1.2.3 changes");
  await shot(page, "compare");

  expect(page.problems.length === 0, `no console errors, page errors or failed requests${
    page.problems.length ? `: ${page.problems.join("; ")}` : ""}`);
  await context.close();
}

async function accessibility() {
  // axe is injected through the DevTools protocol, which the page's CSP does not govern.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const pages = ["index.html", "releases/1.2.3.html", "tickets/601.html", "tickets/index.html",
    "pages/appointments_design.html", "pages/index.html", "profiles/GPConnect-PractitionerRole-1.html",
    "profiles/index.html", "capabilities/Appointment-Management.html", "capabilities/index.html",
    "compare/index.html", "compare/1.1.0-to-1.2.3.html", "search.html"];
  for (const rel of pages) {
    const page = await watchedPage(context);
    await page.goto(url(rel));
    // Judge the page before axe runs: axe itself reads stylesheets, which the CSP refuses.
    const problems = [...page.problems];
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
    const violations = result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`);
    expect(violations.length === 0, `axe: ${rel}${violations.length ? ` -> ${violations.join("; ")}` : ""}`);
    expect(problems.length === 0, `${rel} loads cleanly${problems.length ? `: ${problems.join("; ")}` : ""}`);
    await page.close();
  }
  await context.close();
}
