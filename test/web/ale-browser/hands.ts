import type { Locator, Page } from 'playwright-core';
import { choose, press, typeInto } from '../keyboard';

/** How a form is filled in: with the mouse and pasted text, or by keyboard alone (Tab, type, arrows, Enter). */
export interface Hands {
  text(field: Locator, value: string): Promise<void>;
  pick(select: Locator, optionText: string): Promise<void>;
  tick(control: Locator): Promise<void>;
  press(button: Locator): Promise<void>;
}

export const mouse: Hands = {
  text: (field, value) => field.fill(value),
  pick: async (select, optionText) => {
    await select.selectOption({ label: optionText });
  },
  tick: (control) => control.check(),
  press: (button) => button.click(),
};

export const keyboard = (page: Page): Hands => ({
  text: (field, value) => typeInto(page, field, value),
  pick: (select, optionText) => choose(page, select, optionText),
  tick: (control) => press(page, control),
  press: (button) => press(page, button, 'Enter'),
});
