// test_browser.js - the dashboard in a real browser (Debian's Chromium, headless, driven by
// playwright-core): load the page, search a dyad and see the plot and the table, open an
// event and its document, code a pasted text and see its events and explanation, at
// 1280x800 and at a phone's size. Screenshots go to OUT (for people to look at).
//
// usage: node test_browser.js BASE_URL OUT_DIR      (CHROMIUM=/usr/bin/chromium by default)
// Prints one line per check and "browser: N passed, N failed" last; exits 1 on a failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.argv[2];
const out = process.argv[3];
let passed = 0, failed = 0;

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`  ok    ${name.padEnd(44)} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed++;
    console.log(`  FAIL  ${name}: ${String(e && e.message || e).split('\n')[0]}`);
  }
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

const SAMPLE = 'Turkish President Recep Tayyip Erdogan hosted Hungarian Prime Minister Viktor Orban ' +
  'in Ankara on Monday, the presidency said. Warsaw expelled two Russian diplomats.';

async function main() {
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  const problems = [];
  const watch = (page) => {
    page.on('pageerror', (e) => problems.push('page error: ' + e.message));
    page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  };
  const shot = (page, name) => page.screenshot({ path: path.join(out, name), fullPage: false });

  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await desk.newPage();
  watch(page);

  await check('the page loads with events and a chart', async () => {
    await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#events .ev', { timeout: 10000 });
    await page.waitForSelector('#chart svg rect.bar', { timeout: 10000 });
    const info = await page.textContent('#store-info');
    expect(/events/.test(info), 'the store summary is missing: ' + info);
    await shot(page, 'explore-1280.png');
  });

  await check('an actor name suggests its code', async () => {
    await page.fill('#f-actor', 'putin');
    await page.waitForSelector('.suggest div[role=option]', { timeout: 5000 });
    const first = await page.textContent('.suggest div[role=option]');
    expect(/Putin/.test(first) && /RUSGOV/.test(first), 'suggestion: ' + first);
    await page.fill('#f-actor', '');
    await page.keyboard.press('Escape');
  });

  await check('searching a dyad shows its plot and its events', async () => {
    await page.fill('#f-source', 'RUSMIL');
    await page.fill('#f-target', 'UKR');
    await page.click('#search');
    await page.waitForFunction(() => location.hash.includes('source=RUSMIL') && location.hash.includes('target=UKR'));
    await page.waitForSelector('#chart svg rect.bar');
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('#events .ev')];
      return rows.length > 0 && rows.every((r) => r.querySelector('.tag.s').textContent === 'RUSMIL' &&
        r.querySelector('.tag.t').textContent === 'UKR');
    }, null, { timeout: 10000 });
    const bars = await page.$$eval('#chart svg rect.bar', (b) => b.length);
    expect(bars >= 3, 'bars: ' + bars);
    const marks = await page.$$eval('#events .ev mark.hv', (m) => m.length);
    expect(marks > 0, 'no verb is highlighted in the evidence');
    const places = await page.$$eval('#events .ev .date .place', (p) => p.map((x) => x.textContent));
    expect(places.some((p) => /^(Avdiivka|Kharkiv)UKR$/.test(p)), 'no event shows its place: ' + places);
    await page.hover('#chart svg rect[fill=transparent]', { position: { x: 200, y: 100 } });
    await page.waitForSelector('.tip:not([hidden])');
    await shot(page, 'dyad-1280.png');
  });

  await check('period buttons redraw the series by week', async () => {
    await page.click('#period button[data-period=week]');
    await page.waitForFunction(() => location.hash.includes('period=week'));
    await page.waitForSelector('#chart svg rect.bar');
  });

  await check('an event shows where it happened', async () => {
    /* the list may still be re-rendering after the previous step (a slow, loaded machine) */
    await page.waitForSelector('#events .ev .date .place .pname');
    const rows = await page.$$('#events .ev');
    let link = null, name = null;
    for (const r of rows) {
      const p = await r.$('.date .place .pname');
      if (p) { name = await p.textContent(); link = await r.$('.reports a'); break; }
    }
    expect(link, 'no placed event on the page');
    await link.click();
    await page.waitForSelector('#event-card .stats .where b');
    const where = await page.textContent('#event-card .stats .where');
    expect(where.includes(name) && /UKR/.test(where), 'the event view says ' + where + ', not ' + name);
    const inReports = await page.$$eval('#event-card .item-head .place .pname', (p) => p.map((x) => x.textContent));
    expect(inReports.includes(name), 'no report shows ' + name + ': ' + inReports);
    await shot(page, 'event-place-1280.png');
    await page.goBack();
    await page.waitForSelector('#events .ev .reports a');
  });

  await check('an event shows every report of it', async () => {
    /* an event reported more than once, when the page has one */
    await page.waitForSelector('#events .ev .reports a');
    const links = await page.$$('#events .ev .reports a');
    let pick = links[0];
    for (const l of links) if (!/^1 report$/.test(await l.textContent())) { pick = l; break; }
    await pick.click();
    await page.waitForSelector('#event-card .item mark.hv');
    const title = await page.textContent('#event-card h1');
    expect(title.length > 3, 'event title: ' + title);
    await shot(page, 'event-1280.png');
  });

  await check('a document shows its events and attribution', async () => {
    await page.click('#event-card .item .source-line a');
    await page.waitForSelector('#doc-card .item');
    const meta = await page.textContent('#doc-card .docmeta');
    expect(/Published/.test(meta) && /coded/.test(meta), 'document header: ' + meta);
    const chain = await page.$$eval('#doc-card .chain .link', (l) => l.length);
    expect(chain > 0, 'no attribution chain');
    await shot(page, 'document-1280.png');
  });

  await check('pasting a text shows its events and explanation', async () => {
    await page.click('[data-nav=code]');
    await page.waitForSelector('#code-text');
    await page.fill('#code-text', SAMPLE);
    await page.fill('#code-date', '2024-02-13');
    await page.fill('#code-outlet', 'Example Wire');
    await page.click('#code-run');
    await page.waitForSelector('#code-events .item mark.hs', { timeout: 10000 });
    await page.waitForSelector('#code-explain .explain-s .kv');
    const events = await page.$$eval('#code-events .item', (i) => i.length);
    expect(events >= 2, 'events: ' + events);
    const text = await page.textContent('#code-events');
    expect(/TURGOV/.test(text) && /HUNGOV/.test(text), 'expected TURGOV and HUNGOV: ' + text.slice(0, 200));
    const verbs = await page.textContent('#code-explain');
    expect(/hosted/.test(verbs), 'the explanation does not show the verb');
    await shot(page, 'code-1280.png');
  });

  await check('a bad filter shows the server\'s message', async () => {
    const before = problems.length;
    await page.goto(base + '/#/?quad=9');
    await page.waitForFunction(() => /quad/.test(document.querySelector('#events').textContent));
    await page.waitForTimeout(300);
    /* the browser logs the three 400 answers it was meant to get */
    problems.splice(before, problems.length - before,
      ...problems.slice(before).filter((p) => !/status of 400/.test(p)));
  });

  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const mob = await phone.newPage();
  watch(mob);

  await check('the phone layout fits the screen', async () => {
    await mob.goto(base + '/#/?dyad=&source=RUSMIL&target=UKR'.replace('dyad=&', ''));
    await mob.waitForSelector('#events .ev');
    await mob.waitForSelector('#chart svg rect.bar');
    const overflow = await mob.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 1, 'the page is wider than the screen by ' + overflow + ' px');
    await shot(mob, 'explore-phone.png');
    await mob.evaluate(() => document.querySelector('#events-card').scrollIntoView());
    await shot(mob, 'events-phone.png');
  });

  await check('coding a text works on a phone', async () => {
    await mob.goto(base + '/#/code');
    await mob.fill('#code-text', SAMPLE);
    await mob.fill('#code-date', '2024-02-13');
    await mob.click('#code-run');
    await mob.waitForSelector('#code-events .item');
    const overflow = await mob.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow <= 1, 'the page is wider than the screen by ' + overflow + ' px');
    await mob.evaluate(() => document.querySelector('#code-events-card').scrollIntoView());
    await shot(mob, 'code-phone.png');
  });

  await check('no script errors or blocked resources', async () => {
    expect(problems.length === 0, problems.join('; '));
  });

  await browser.close();
}

main().catch((e) => {
  failed++;
  console.log('  FAIL  the browser could not run: ' + (e && e.message || e));
}).finally(() => {
  console.log(`browser: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
});
