import { describe, expect, it } from 'vitest';
import { midSentence, requiredMessage } from '../../web/src/pages/owner/field-messages';

describe('the message for an empty required field', () => {
  it('reads as Swedish: the label lowercased only where a common word starts it', () => {
    expect(requiredMessage({ label: 'Sammanträdesdatum', kind: 'date' })).toBe('Ange sammanträdesdatum');
    expect(requiredMessage({ label: 'Datum för revisionsberättelsen' })).toBe(
      'Ange datum för revisionsberättelsen',
    );
    expect(requiredMessage({ label: 'Nämnd', kind: 'select' })).toBe('Välj nämnd');
    // Names inside the label keep their capitals (a plain toLowerCase gave "ram för barn- och …").
    expect(requiredMessage({ label: 'Ram för Barn- och utbildningsnämnden', kind: 'money' })).toBe(
      'Ange ram för Barn- och utbildningsnämnden',
    );
    expect(midSentence('KF:s beslut')).toBe('KF:s beslut');
    expect(midSentence('KS förslag')).toBe('KS förslag');
    expect(midSentence('Dnr för ärendet')).toBe('Dnr för ärendet');
    expect(midSentence('Agenda 2030-mål')).toBe('Agenda 2030-mål');
  });

  it('uses the field’s own message where the label is a question or starts with a name', () => {
    expect(
      requiredMessage({
        label: 'Beviljas ansvarsfrihet?',
        kind: 'radio',
        requiredMessage: 'Välj om ansvarsfrihet beviljas',
      }),
    ).toBe('Välj om ansvarsfrihet beviljas');
  });
});
