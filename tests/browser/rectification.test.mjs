// From 督察 finding to 销号 in the browser: the office registers a problem of 钟山区 past its
// time limit and sends a 督办函 (a DOCX download); the county clerk reports it rectified and
// attaches the evidence; the office closes it (已销号), and the clock shows it met late.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDemoServer, launchBrowser, login, newPage } from './server.mjs';

let server;
let browser;

before(async () => {
  server = await startDemoServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const NUMBER = '钟山督〔2026〕1-901';

async function save(page) {
  await Promise.all([page.waitForNavigation(), page.click('form.record-form button[type=submit]')]);
}

test('a problem goes from finding through 督办函 and evidence to 销号', async () => {
  const office = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  await login(office, server.url, 'office', 'Fazhi@2024');
  await office.goto(`${server.url}registers/rectifications/new`);
  await office.selectOption('select[name=org]', '520201');
  await office.fill('[name=problem_no]', NUMBER);
  await office.selectOption('select[name=source]', { label: '法治督察' });
  await office.fill('[name=found_date]', '2026-10-12');
  await office.fill('[name=issuer]', '市委依法治市办第一督察组');
  await office.fill('[name=description]', '行政处罚决定书未告知救济途径');
  await office.fill('[name=due_date]', '2026-11-13');
  await office.selectOption('select[name=status]', { label: '待整改' });
  await save(office);
  assert.match(await office.locator('.ok').innerText(), /已保存/);
  assert.match(await office.locator('main').innerText(), /已逾期/);

  // The 督办函 for 钟山区 lists the problem and downloads as a DOCX.
  await office.goto(`${server.url}rectifications/letter?org=520201`);
  assert.match(await office.locator('main').innerText(), new RegExp(NUMBER.replace(/[〔〕]/g, '.')));
  await office.fill('[name=number]', '六盘水法督函〔2026〕9号');
  const [download] = await Promise.all([
    office.waitForEvent('download'),
    office.click('text=生成督办函'),
  ]);
  assert.match(download.suggestedFilename(), /^督办函-钟山区\.docx$/);

  // The county clerk reports it done, with the evidence attached.
  const clerk = await newPage(browser, { viewport: { width: 390, height: 844 } });
  await login(clerk, server.url, 'clerk', 'Fazhi@2024');
  await clerk.goto(`${server.url}registers/rectifications?q=${encodeURIComponent('1-901')}`);
  await Promise.all([clerk.waitForNavigation(), clerk.click(`text=${NUMBER}`)]);
  const recordUrl = clerk.url().split('?')[0];
  // The evidence first (申请销号 needs it: the report's file or its 文号), then the request.
  await clerk.setInputFiles('input[type=file][name=file]', {
    name: '整改报告.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  await Promise.all([clerk.waitForNavigation(), clerk.click('form[enctype="multipart/form-data"] button[type=submit]')]);
  assert.match(await clerk.locator('.ok').innerText(), /已上传附件「整改报告\.pdf」/);
  await clerk.goto(`${recordUrl}/edit`);
  await clerk.selectOption('select[name=status]', { label: '申请销号' });
  await clerk.fill('[name=measures]', '修订文书格式,对在办案件逐一补正');
  await clerk.fill('[name=rectified_date]', '2026-11-20');
  await save(clerk);
  assert.match(await clerk.locator('.ok').innerText(), /已保存/);

  // The office approves the closure.
  await office.goto(`${recordUrl}/edit`);
  await office.selectOption('select[name=status]', { label: '已销号' });
  await office.fill('[name=closed_date]', '2026-11-25');
  await save(office);
  const text = await office.locator('main').innerText();
  assert.match(text, /已销号/);
  assert.match(text, /逾期办结/);
  assert.match(text, /整改报告\.pdf/);
  mkdirSync('screenshots', { recursive: true });
  await office.screenshot({ path: 'screenshots/rectification.png', fullPage: true });
});
