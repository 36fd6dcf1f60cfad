import { ArsrapportContent, DelarsrapportContent } from '../../../../domain/task/content';
import { GOAL_STATUS_LABEL } from '../../format';
import { DateField, Group, MoneyField, SelectField, TextField } from './fields';
import type { FormContext, FormKind, Update } from './kind';
import {
  Conversion,
  emptyReport,
  type ReportDraft,
  reportEconomy,
  reportFromContent,
  reportFulfilment,
  reportGoals,
  reportIndicators,
  reportIndicatorValues,
} from './report-model';

const STATUS_OPTIONS = Object.entries(GOAL_STATUS_LABEL).map(([value, label]) => ({ value, label }));

function GoalFulfilment({
  draft,
  update,
  ctx,
  forecast,
}: {
  draft: ReportDraft;
  update: Update<ReportDraft>;
  ctx: FormContext;
  forecast: string;
}) {
  return (
    <Group
      path={['goalFulfilment']}
      legend="Måluppfyllelse *"
      hint={`Bedöm minst ett mål: hur långt har ni kommit, och ${forecast}?`}
    >
      {reportGoals(ctx).map((g, i) => {
        const value = draft.goals[g.key] ?? { status: '', comment: '' };
        const set = (patch: Partial<typeof value>) =>
          update((d) => ({ ...d, goals: { ...d.goals, [g.key]: { ...value, ...patch } } }));
        return (
          <fieldset key={g.key} className="item goal-row">
            <legend>
              {g.goalType === 'council' ? 'Riktningsmål' : 'Nämndmål'}: {g.title}
            </legend>
            <SelectField
              path={['goals', i, 'status']}
              label="Bedömning"
              placeholder="Inte bedömt här"
              options={STATUS_OPTIONS}
              value={value.status}
              onChange={(status) => set({ status: status as typeof value.status })}
            />
            <TextField
              path={['goals', i, 'comment']}
              label="Kommentar"
              value={value.comment}
              onChange={(comment) => set({ comment })}
            />
          </fieldset>
        );
      })}
    </Group>
  );
}

function Comment({
  draft,
  update,
  label,
}: {
  draft: ReportDraft;
  update: Update<ReportDraft>;
  label: string;
}) {
  return (
    <TextField
      path={['comment']}
      label={label}
      rows={3}
      value={draft.comment}
      onChange={(comment) => update((d) => ({ ...d, comment }))}
    />
  );
}

export const delarsrapportForm: FormKind<ReportDraft> = {
  title: 'Delårsrapport',
  intro: 'Utfall hittills och prognos för helåret mot budget, och måluppfyllelse per mål.',
  submittedNotice: 'Delårsrapporten är inlämnad.',
  schema: DelarsrapportContent,
  startsFromPrevious: true,
  empty: emptyReport,
  fromContent: (content) => reportFromContent(content, 'forecastOre'),
  toContent(draft, ctx) {
    const convert = new Conversion();
    return {
      content: {
        periodEnd: convert.date(draft.periodEnd),
        economy: reportEconomy(draft, convert, 'forecast'),
        goalFulfilment: reportFulfilment(draft, ctx),
        comment: draft.comment.trim(),
      },
      issues: convert.issues,
    };
  },
  Fields({ draft, update, ctx }) {
    return (
      <>
        <DateField
          path={['periodEnd']}
          label="Periodens sista dag *"
          hint={`Delårsperiodens slut, ÅÅÅÅ-MM-DD, t.ex. ${ctx.task.budgetYear}-08-31.`}
          value={draft.periodEnd}
          onChange={(periodEnd) => update((d) => ({ ...d, periodEnd }))}
        />
        <Group path={['economy']} legend="Ekonomi" hint="Belopp i kronor, t.ex. 1 234 567,89.">
          <div className="cols cols-3">
            <MoneyField
              path={['economy', 'budgetOre']}
              label="Budget för året *"
              hint=""
              value={draft.budget}
              onChange={(budget) => update((d) => ({ ...d, budget }))}
            />
            <MoneyField
              path={['economy', 'outcomeOre']}
              label="Utfall hittills *"
              hint=""
              value={draft.outcome}
              onChange={(outcome) => update((d) => ({ ...d, outcome }))}
            />
            <MoneyField
              path={['economy', 'forecastOre']}
              label="Prognos för helåret *"
              hint=""
              value={draft.forecast}
              onChange={(forecast) => update((d) => ({ ...d, forecast }))}
            />
          </div>
        </Group>
        <GoalFulfilment draft={draft} update={update} ctx={ctx} forecast="når ni målet vid årets slut" />
        <Comment draft={draft} update={update} label="Kommentar till delårsrapporten" />
      </>
    );
  },
};

export const arsrapportForm: FormKind<ReportDraft> = {
  title: 'Årsrapport',
  intro: 'Organets del av årsredovisningen: ekonomiskt utfall, måluppfyllelse och indikatorernas värden.',
  submittedNotice: 'Årsrapporten är inlämnad.',
  schema: ArsrapportContent,
  startsFromPrevious: true,
  empty: emptyReport,
  fromContent: (content) => reportFromContent(content, 'forecastNextYearOre'),
  toContent(draft, ctx) {
    const convert = new Conversion();
    return {
      content: {
        economy: reportEconomy(draft, convert, 'forecastNextYear'),
        goalFulfilment: reportFulfilment(draft, ctx),
        indicatorValues: reportIndicatorValues(draft, ctx, convert),
        comment: draft.comment.trim(),
      },
      issues: convert.issues,
    };
  },
  Fields({ draft, update, ctx }) {
    const indicators = reportIndicators(ctx);
    return (
      <>
        <Group path={['economy']} legend="Ekonomiskt utfall" hint="Belopp i kronor, t.ex. 1 234 567,89.">
          <div className="cols cols-3">
            <MoneyField
              path={['economy', 'budgetOre']}
              label="Budget *"
              hint=""
              value={draft.budget}
              onChange={(budget) => update((d) => ({ ...d, budget }))}
            />
            <MoneyField
              path={['economy', 'outcomeOre']}
              label="Utfall för året *"
              hint=""
              value={draft.outcome}
              onChange={(outcome) => update((d) => ({ ...d, outcome }))}
            />
            <MoneyField
              path={['economy', 'forecastNextYearOre']}
              label="Prognos för nästa år"
              hint=""
              value={draft.forecast}
              onChange={(forecast) => update((d) => ({ ...d, forecast }))}
            />
          </div>
        </Group>
        <GoalFulfilment draft={draft} update={update} ctx={ctx} forecast="nåddes målet" />
        <Group
          path={['indicatorValues']}
          legend="Indikatorernas värden"
          hint="Årets uppmätta värde för verksamhetsplanens indikatorer."
        >
          {indicators.length === 0 && (
            <p className="muted">Verksamhetsplanen för året har inga indikatorer.</p>
          )}
          {indicators.map((ind, i) => (
            <TextField
              key={ind.indicatorId}
              path={['indicatorValues', i, 'value']}
              label={`${ind.name} (${ind.unit})`}
              hint={`Målvärde ${String(ind.target).replace('.', ',')}.`}
              inputMode="decimal"
              width="short"
              value={draft.indicatorValues[ind.indicatorId] ?? ''}
              onChange={(v) =>
                update((d) => ({ ...d, indicatorValues: { ...d.indicatorValues, [ind.indicatorId]: v } }))
              }
            />
          ))}
        </Group>
        <Comment draft={draft} update={update} label="Kommentar till årsrapporten" />
      </>
    );
  },
};
