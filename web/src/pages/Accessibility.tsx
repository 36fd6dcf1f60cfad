import { useId } from 'react';
import { formatDate } from '../format';
import { PageHeading } from '../lib';
import { AccessibilityReportForm, usePublicMunicipalities } from './AccessibilityReportForm';

/** When the statement was last reviewed (update with every review of the shortcomings). */
const REVIEWED_ON = '2026-12-06';
const DIGG_TILLSYN = 'https://www.digg.se/tdosanmalan';

/**
 * Tillgänglighetsredogörelse as lag (2018:1937) om tillgänglighet till digital offentlig service
 * 9–10 §§ and Digg's model require: how accessible the service is, what is not, how to report a
 * shortcoming, and where to turn if the answer is not good enough. Reachable without signing in.
 */
export function AccessibilityPage({ municipalityId }: { municipalityId: string | null }) {
  const id = useId();
  const municipalities = usePublicMunicipalities();
  const name = municipalities?.find((x) => x.municipalityId === municipalityId)?.name;
  return (
    <section aria-labelledby={`${id}-h`} className="statement">
      <PageHeading id={`${id}-h`}>
        Tillgänglighetsredogörelse för Årshjulet{name ? ` i ${name}` : ''}
      </PageHeading>
      <p>
        {name ?? 'Kommunen'} står bakom Årshjulet, tjänsten där kommunens nämnder, bolag och kommunledning
        planerar och följer upp årets arbete. Vi vill att så många som möjligt ska kunna använda tjänsten. Här
        beskriver vi hur Årshjulet uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig
        service, kända tillgänglighetsproblem och hur du kan rapportera brister till oss så att vi kan åtgärda
        dem.
      </p>

      <h2>Hur tillgänglig är tjänsten?</h2>
      <p>
        Tjänsten är <strong>delvis förenlig</strong> med lagen om tillgänglighet till digital offentlig
        service, på grund av de brister som beskrivs nedan. Sidorna följer i övrigt WCAG 2.1 på nivå AA.
      </p>

      <h2>Kända brister</h2>
      <ul>
        <li>
          Alla uppgiftstyper (omvärldsanalys, nulägesanalys, tillitsdialog, verksamhetsplan, delårsrapport och
          årsrapport) och alla beslut i cykeln kan fyllas i på webbsidan med enbart tangentbord. Långa
          formulär, som verksamhetsplanen med många mål och indikatorer, kräver många tabbsteg; vi arbetar med
          att göra dem kortare.
        </li>
        <li>
          Årshjulets cirkel visar faserna med färg och läge. Samma uppgifter finns som text i listan bredvid
          cirkeln, men cirkeln själv kan vara svår att tolka med förstoring över 400 procent.
        </li>
        <li>
          Tjänsten har granskats med automatiska tester. Den har ännu inte prövats av användare med
          skärmläsare eller andra hjälpmedel, så det kan finnas brister som testerna inte hittar.
        </li>
      </ul>

      <h2>Vad kan du göra om du inte kan använda delar av tjänsten?</h2>
      <p>
        Om du behöver innehåll från Årshjulet i ett annat format, eller inte kan göra något i tjänsten,
        beskriv det i formuläret nedan. Vi svarar inom fem arbetsdagar om du lämnar en e-postadress.
      </p>

      <h2 id={`${id}-report`}>Rapportera brister i tjänstens tillgänglighet</h2>
      <p>
        Vi strävar hela tiden efter att förbättra tillgängligheten. Om du upptäcker problem som inte beskrivs
        på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta
        att problemet finns.
      </p>
      <AccessibilityReportForm
        labelledBy={`${id}-report`}
        municipalityId={name ? municipalityId : null}
        municipalities={municipalities}
      />

      <h2>Tillsyn</h2>
      <p>
        Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn av lagen om tillgänglighet till
        digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du{' '}
        <a href={DIGG_TILLSYN}>kontakta Digg och påtala det (digg.se)</a>.
      </p>

      <h2>Hur vi testat tjänsten</h2>
      <p>
        Vi har själva granskat Årshjulet: varje sida, för varje roll (processägare, nämndsekreterare och
        revisor), testas automatiskt mot WCAG 2.1 nivå A och AA med verktyget axe-core, och sidorna används
        med enbart tangentbord. Senaste bedömningen gjordes den {formatDate(REVIEWED_ON)}.
      </p>
      <p>Redogörelsen uppdaterades senast den {formatDate(REVIEWED_ON)}.</p>
    </section>
  );
}
