// Starts a fresh fazhi demo server on a free loopback port for one test file.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BIN = process.env.FAZHI_BIN ?? new URL('../../target/debug/fazhi', import.meta.url).pathname;

export async function startDemoServer() {
  const dir = mkdtempSync(join(tmpdir(), 'fazhi-browser-'));
  const db = `sqlite://${join(dir, 'demo.db')}`;
  execFileSync(BIN, ['demo', '--db', db, '--scale', '0.01'], { stdio: 'ignore' });
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`fazhi serve exited with ${code}`)));
  });
  return {
    url,
    stop() {
      child.kill('SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  return context.newPage();
}

export async function login(page, base, username, password) {
  await page.goto(`${base}login`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  // Demo accounts still have their printed password: they are sent to 修改密码 first.
  if (page.url().endsWith('/account/password')) await page.goto(base);
}
