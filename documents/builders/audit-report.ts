/**
 * The auditors' report of the cycle: every decision with its §, the deadlines met and missed (tasks
 * and decisions against the calendar and the law), and the result of the hash-chain check.
 */

import { type ChainCheck, chainCheckSv } from '../../application/chain-check';
import { CALENDAR_RULES } from '../../domain/calendar/rules';
import { deadlineComplianceChart } from '../charts/charts';
import { deadlineCompliance, organName } from '../figures';
import { PHASE_SV, svCompare, swedishDate } from '../format';
import { type Block, type DocumentModel, heading, missing, paragraph, table } from '../model';
import type { CycleSnapshot } from '../snapshot';
import { cite, sourceNote, subtitleOf } from './common';

function chainCheck(check: ChainCheck, s: CycleSnapshot): Block[] {
  const blocks: Block[] = [heading(2, 'Kontroll av hashkedjan'), paragraph(chainCheckSv(check))];
  if (s.lastEvent) {
    blocks.push(
      paragraph(
        `Dokumentets underlag slutar på position ${s.lastEvent.chainPosition} med hash ${s.lastEvent.hash}.`,
      ),
    );
  }
  return blocks;
}

export async function buildAuditReport(
  s: CycleSnapshot,
  budgetYear: number,
  verify: ChainCheck,
): Promise<DocumentModel> {
  const title = `Revisionens granskning av årshjulet ${budgetYear}`;
  const blocks: Block[] = [heading(1, title), heading(2, 'Beslut i cykeln')];
  const decisions = s.cycle?.decisions ?? [];
  blocks.push(
    decisions.length > 0
      ? table(
          `Samtliga ${decisions.length} beslut med paragraf`,
          ['Paragraf', 'Datum', 'Organ', 'Diarienummer', 'Ärende'],
          decisions.map((d) => [
            `${d.body} § ${d.paragraph}`,
            swedishDate(d.date),
            organName(s, d.organId),
            d.caseNumber,
            d.subject,
          ]),
        )
      : missing(`Inga beslut registrerade per ${swedishDate(s.asOf)}.`),
  );

  blocks.push(heading(2, 'Sista dagar som hölls och missades'));
  const phases = deadlineCompliance(s);
  if (phases.length === 0) blocks.push(missing('Inga uppgifter tilldelade.'));
  else
    blocks.push(
      await deadlineComplianceChart('revision-sista-dag', 'Uppgifter mot sista dag per fas', phases),
    );
  const late = s.tasks
    .filter((t) => t.submission?.late || t.escalatedForDueDate)
    .sort((a, b) => svCompare(organName(s, a.organId), organName(s, b.organId)));
  blocks.push(heading(3, 'Uppgifter inlämnade efter sista dag'));
  blocks.push(
    late.length > 0
      ? table(
          'Sena uppgifter',
          ['Organ', 'Fas', 'Sista dag', 'Inlämnad', 'Eskalerad'],
          late.map((t) => [
            organName(s, t.organId),
            PHASE_SV[t.phase],
            swedishDate(t.dueDate),
            t.submission ? swedishDate(t.submission.at) : 'Ej inlämnad',
            t.escalatedForDueDate ? 'Ja' : 'Nej',
          ]),
        )
      : paragraph('Alla inlämnade uppgifter kom in senast på sista dag.'),
  );
  blocks.push(heading(3, 'Beslut efter planerat datum eller lagens gräns'));
  blocks.push(
    s.deviations.length > 0
      ? table(
          'Beslut som fattades efter en gräns',
          ['Beslut', 'Gräns', 'Regel', 'Sista dag', 'Dagar sent'],
          s.deviations.map(({ decision, deviation }) => [
            cite(decision),
            deviation.limit === 'legal' ? 'Lagens gräns' : 'Planerat datum',
            CALENDAR_RULES[deviation.rule]?.description ?? deviation.rule,
            swedishDate(deviation.deadline),
            String(deviation.daysLate),
          ]),
          [4],
        )
      : paragraph('Alla beslut fattades senast på planerat datum och inom lagens gränser.'),
  );
  blocks.push(heading(2, 'Revisionsberättelse och ansvarsfrihet'));
  const audit = s.cycle?.auditReport;
  blocks.push(
    audit
      ? table(
          `Revisorernas bedömning (lämnad ${swedishDate(audit.date)})`,
          ['Organ', 'Revisorerna', 'Anmärkning', 'Fullmäktige'],
          audit.findings.map((f) => {
            const d = s.cycle?.discharges[f.organId];
            return [
              organName(s, f.organId),
              f.recommendation === 'grant' ? 'Tillstyrker ansvarsfrihet' : 'Avstyrker ansvarsfrihet',
              f.remark?.reason ?? 'Ingen',
              d ? `${d.granted ? 'Beviljad' : 'Ej beviljad'} (${cite(d.decision)})` : 'Ej beslutat',
            ];
          }),
        )
      : missing(`Ingen revisionsberättelse registrerad per ${swedishDate(s.asOf)}.`),
  );
  blocks.push(...chainCheck(verify, s));
  blocks.push(...sourceNote(s));
  return {
    fileName: `${s.municipality.municipalityId}-${budgetYear}-revision`,
    title,
    subtitle: subtitleOf(s, budgetYear),
    blocks,
  };
}
