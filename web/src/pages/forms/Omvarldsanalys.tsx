import { OmvarldsanalysContent } from '../../../../domain/task/content';
import { Conversion } from './convert';
import { Group, TextField } from './fields';
import type { FormContext, FormKind } from './kind';

/** KS's common omvärldsanalys after the omvärldsdag: a summary, an analysis per omvärldsfaktor, sources. */
interface Draft {
  summary: string;
  analyses: Record<string, string>;
  sources: string;
}

const factorsOf = (ctx: FormContext) => Object.values(ctx.municipality.steering.externalFactors);

export const omvarldsanalysForm: FormKind<Draft> = {
  title: 'Omvärldsanalys',
  intro:
    'Kommunens gemensamma omvärldsanalys efter omvärldsdagen: en sammanfattning och en analys per omvärldsfaktor.',
  submittedNotice: 'Omvärldsanalysen är inlämnad.',
  schema: OmvarldsanalysContent,
  empty: () => ({ summary: '', analyses: {}, sources: '' }),
  fromContent(content) {
    const c = content as Partial<OmvarldsanalysContent>;
    return {
      summary: c.summary ?? '',
      analyses: Object.fromEntries((c.factors ?? []).map((f) => [f.externalFactorId, f.analysis])),
      sources: (c.sources ?? []).join('\n'),
    };
  },
  toContent(draft, ctx) {
    const convert = new Conversion();
    return {
      content: {
        summary: draft.summary,
        factors: factorsOf(ctx).map((f) => ({
          externalFactorId: f.factorId,
          analysis: draft.analyses[f.factorId] ?? '',
        })),
        sources: convert.lines(draft.sources),
      },
      issues: convert.issues,
    };
  },
  Fields({ draft, update, ctx }) {
    return (
      <>
        <TextField
          path={['summary']}
          label="Sammanfattning *"
          hint="Vad omvärldsdagen kom fram till, i några meningar."
          rows={4}
          value={draft.summary}
          onChange={(summary) => update((d) => ({ ...d, summary }))}
        />
        <Group
          path={['factors']}
          legend="Analys per omvärldsfaktor"
          hint="Alla omvärldsfaktorer ska analyseras."
        >
          {factorsOf(ctx).map((f, i) => (
            <TextField
              key={f.factorId}
              path={['factors', i, 'analysis']}
              label={`${f.title} *`}
              hint={f.description}
              rows={3}
              value={draft.analyses[f.factorId] ?? ''}
              onChange={(text) => update((d) => ({ ...d, analyses: { ...d.analyses, [f.factorId]: text } }))}
            />
          ))}
        </Group>
        <TextField
          path={['sources']}
          label="Källor"
          hint="En källa per rad, t.ex. SKR:s Ekonomirapporten."
          rows={3}
          value={draft.sources}
          onChange={(sources) => update((d) => ({ ...d, sources }))}
        />
      </>
    );
  },
};
