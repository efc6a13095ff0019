// Log in, open the org tree, take a screenshot, assert visible Chinese text.
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

test('admin logs in and sees the org tree in Chinese', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await login(page, server.url, 'admin', 'Fazhi@2024');
  assert.match(await page.locator('h1').innerText(), /欢迎/);
  await page.click('text=组织机构');
  await page.waitForURL(/\/orgs$/);
  const body = await page.locator('main').innerText();
  assert.match(body, /六盘水市/);
  assert.match(body, /钟山区司法局/);
  assert.match(body, /新增机构/);
  mkdirSync('screenshots', { recursive: true });
  await page.screenshot({ path: 'screenshots/org-tree.png', fullPage: true });
});

test('a county clerk sees only the county', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'clerk', 'Fazhi@2024');
  await page.goto(`${server.url}orgs`);
  const body = await page.locator('main').innerText();
  assert.match(body, /钟山区/);
  assert.doesNotMatch(body, /盘州市/);
  const other = await page.goto(`${server.url}orgs/520281`);
  assert.equal(other.status(), 404);
});

test('a demo account is told to change its printed password at first login', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}login`);
  await page.fill('#username', 'viewer');
  await page.fill('#password', 'Fazhi@2024');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.match(page.url(), /\/account\/password$/);
  assert.match(await page.locator('h1').innerText(), /修改密码/);
  assert.match(await page.locator('.banner').innerText(), /初始密码/);
  await page.fill('input[name=current]', 'Fazhi@2024');
  await page.fill('input[name=new]', 'short');
  await page.fill('input[name=confirm]', 'short');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.match(await page.locator('.error').innerText(), /密码/);
  await page.fill('input[name=current]', 'Fazhi@2024');
  await page.fill('input[name=new]', 'Viewer#2026x');
  await page.fill('input[name=confirm]', 'Viewer#2026x');
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  assert.match(await page.locator('.ok').innerText(), /密码已修改/);
  assert.equal(await page.locator('.banner').count(), 0);
});

test('a wrong password is refused with a Chinese message', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'admin', 'wrong-password1');
  assert.match(await page.locator('.error').innerText(), /用户名或密码错误/);
});

test('an admin adds a department through the form', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'admin', 'Fazhi@2024');
  await page.goto(`${server.url}orgs`);
  await page.selectOption('select[name=parent_code]', '520203');
  await page.selectOption('select[name=kind]', 'department');
  await page.fill('input[name=code]', '520203-wjw');
  await page.fill('input[name=name]', '六枝特区卫生健康局');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/orgs"] button[type=submit]')]);
  assert.match(await page.locator('h1').innerText(), /六枝特区卫生健康局/);
  assert.match(await page.locator('.ok').innerText(), /已新增/);
});

test('a refused new unit shows the form and its error in view, blaming the kind', async () => {
  const page = await newPage(browser);
  await login(page, server.url, 'admin', 'Fazhi@2024');
  await page.goto(`${server.url}orgs`);
  await page.selectOption('select[name=parent_code]', '520203');
  await page.selectOption('select[name=kind]', 'township');
  await page.fill('input[name=code]', '520203-ajj');
  await page.fill('input[name=name]', '六枝特区应急管理局');
  await Promise.all([page.waitForNavigation(), page.click('form[action^="/orgs"] button[type=submit]')]);
  const error = page.locator('#new-org + .card .error');
  assert.match(await error.innerText(), /类别.*与机构代码「520203-ajj」不符/);
  const box = await error.boundingBox();
  const height = await page.evaluate(() => window.innerHeight);
  assert.ok(box && box.y >= 0 && box.y + box.height <= height, `error at ${box && box.y} of ${height}`);
  assert.equal(await page.inputValue('input[name=name]'), '六枝特区应急管理局');
});
