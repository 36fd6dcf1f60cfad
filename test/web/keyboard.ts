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

/** Tabs to a checkbox or radio and presses Space. */
export async function press(page: Page, control: Locator, key: 'Space' | 'Enter' = 'Space'): Promise<void> {
  await tabTo(page, control);
  await page.keyboard.press(key);
}

/** Tabs to a select and types the start of an option's text (the browser's type-ahead picks it). */
export async function choose(page: Page, select: Locator, optionText: string): Promise<void> {
  await tabTo(page, select);
  await page.keyboard.type(optionText);
  const chosen = await select.evaluate(
    (el) => (el as HTMLSelectElement).selectedOptions[0]?.textContent ?? '',
  );
  expect(chosen).toBe(optionText);
}

/** Shift+Tab back to the top of the page, so the next tabTo walks the whole form. */
export async function toTop(page: Page): Promise<void> {
  await page.keyboard.press('Control+Home');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
