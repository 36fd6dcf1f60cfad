/// <reference lib="dom" />
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * A user without a mouse: Tab (or Shift+Tab) until the element has focus, then type, Space or Enter.
 * Tabbing there proves the element is in the focus order; no click, fill or focus() is used.
 */
export async function tabTo(page: Page, target: Locator, max = 400): Promise<void> {
  const handle = await target.elementHandle();
  if (!handle) throw new Error('no such element');
  for (let i = 0; i < max; i++) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach the element by Tab in ${max} presses`);
}

/** Tabs to a text field and types (Enter for each new line of a textarea). */
export async function typeInto(page: Page, field: Locator, text: string): Promise<void> {
  await tabTo(page, field);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.type(line);
  }
  expect(await field.inputValue()).toBe(text);
}

/**
 * Tabs to a control and presses Space (or Enter). A radio button is reached as a keyboard user does:
 * Tab enters its group (on the checked one, or the first), the arrow keys move to it and choose it.
 */
export async function press(page: Page, control: Locator, key: 'Space' | 'Enter' = 'Space'): Promise<void> {
  if ((await control.getAttribute('type')) === 'radio') return pickRadio(page, control);
  await tabTo(page, control);
  await page.keyboard.press(key);
}

async function pickRadio(page: Page, radio: Locator, max = 400): Promise<void> {
  const name = await radio.getAttribute('name');
  const inGroup = () =>
    page.evaluate((n) => {
      const el = document.activeElement as HTMLInputElement | null;
      return el?.type === 'radio' && el.name === n;
    }, name);
  for (let i = 0; !(await inGroup()); i++) {
    if (i >= max) throw new Error(`could not reach the radio group ${name} by Tab`);
    await page.keyboard.press('Tab');
  }
  for (let i = 0; !(await radio.evaluate((el) => el === document.activeElement)); i++) {
    if (i >= 30) throw new Error('could not reach the radio button with the arrow keys');
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  expect(await radio.isChecked()).toBe(true);
}

/**
 * Tabs to a select and moves to the option with the arrow keys (a closed select changes its choice
 * with them; typing would open its list on a space in the text).
 */
export async function choose(page: Page, select: Locator, optionText: string): Promise<void> {
  await tabTo(page, select);
  const { target, current } = await select.evaluate((el, text) => {
    const s = el as HTMLSelectElement;
    const plain = (t: string | null) => (t ?? '').replace(/\s+/g, ' ').trim();
    return {
      target: Array.from(s.options).findIndex((o) => plain(o.textContent) === plain(text)),
      current: s.selectedIndex,
    };
  }, optionText);
  if (target < 0) throw new Error(`no option ${optionText}`);
  for (let i = current; i < target; i++) await page.keyboard.press('ArrowDown');
  for (let i = current; i > target; i--) await page.keyboard.press('ArrowUp');
  const chosen = await select.evaluate((el) => (el as HTMLSelectElement).selectedIndex);
  expect(chosen).toBe(target);
}

/** Shift+Tab back to the top of the page, so the next tabTo walks the whole form. */
export async function toTop(page: Page): Promise<void> {
  await page.keyboard.press('Control+Home');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
