import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, loadSession, m, type Session, saveChosenRole, saveSession, withChosenRole } from './api';
import { ROLE_LABEL } from './format';
import { type AppContext, Ctx, href, type MunicipalityView, useRoute, withAsOf } from './lib';
import { oidcSession, oidcSignOut } from './oidc';
import { AccessibilityPage } from './pages/Accessibility';
import { AccessibilityReportsPage } from './pages/AccessibilityReports';
import { AuditPage } from './pages/Audit';
import { AuditorsReportPage } from './pages/AuditorsReport';
import { AsOfControl, loadAsOf, saveAsOf } from './pages/audit/AsOfControl';
import { ChangeLogPage } from './pages/audit/ChangeLog';
import { BudgetPage } from './pages/Budget';
import { CalendarFeedPage } from './pages/CalendarFeed';
import { CompliancePage } from './pages/Compliance';
import { DialoguesPage } from './pages/Dialogues';
import { DocumentsPage } from './pages/documents/Documents';
import { GoalsPage } from './pages/Goals';
import { InboxPage } from './pages/Inbox';
import { LoginPage } from './pages/Login';
import { MailSettingsPage } from './pages/MailSettings';
import { CalendarEditorPage } from './pages/owner/CalendarEditor';
import { DeadlinesPage } from './pages/owner/Deadlines';
import { DecisionsPage } from './pages/owner/Decisions';
import { OrganisationPage } from './pages/owner/Organisation';
import { PeoplePage } from './pages/owner/People';
import { SteeringPage } from './pages/owner/Steering';
import { PhasePage } from './pages/Phase';
import { TaskPage } from './pages/Task';
import { WheelPage } from './pages/Wheel';

interface NavItem {
  key: string;
  label: string;
  href: string;
}

function navFor(session: Session): NavItem[] {
  const items: NavItem[] = [{ key: 'arshjul', label: 'Årshjulet', href: href('arshjul') }];
  if (session.role === 'secretary') {
    items.push({ key: 'inkorg', label: 'Inkorg', href: href('inkorg', session.organs[0] ?? '') });
  } else {
    items.push({ key: 'inkorg', label: 'Inkorg per organ', href: href('inkorg') });
  }
  items.push(
    { key: 'tillitsdialoger', label: 'Tillitsdialoger', href: href('tillitsdialoger') },
    { key: 'budget', label: 'Budgetramar', href: href('budget') },
    { key: 'mal', label: 'Mål och måluppfyllelse', href: href('mal') },
    { key: 'foljsamhet', label: 'Inlämning i tid', href: href('foljsamhet') },
    { key: 'kalender', label: 'Kalenderflöde', href: href('kalender') },
    { key: 'e-post', label: 'E-post', href: href('e-post') },
  );
  if (session.role === 'process_owner' || session.role === 'auditor') {
    items.push(
      { key: 'organisation', label: 'Organisation', href: href('organisation') },
      { key: 'personer', label: 'Personer och roller', href: href('personer') },
      { key: 'styrdokument', label: 'Styrdokument', href: href('styrdokument') },
    );
  }
  if (session.role === 'process_owner') {
    items.push(
      { key: 'ny-cykel', label: 'Ny cykel', href: href('ny-cykel') },
      { key: 'beslut', label: 'Beslut', href: href('beslut') },
      { key: 'sista-dagar', label: 'Sista dagar', href: href('sista-dagar') },
      {
        key: 'tillganglighetsbrister',
        label: 'Tillgänglighetsbrister',
        href: href('tillganglighetsbrister'),
      },
    );
  }
  if (session.role === 'auditor' || session.role === 'process_owner') {
    items.push(
      { key: 'dokument', label: 'Dokument', href: href('dokument') },
      { key: 'revision', label: 'Revision', href: href('revision') },
      { key: 'revisionsberattelse', label: 'Ansvarsprövning', href: href('revisionsberattelse') },
      { key: 'andringar', label: 'Ändringslogg', href: href('andringar') },
    );
  }
  return items;
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => {
    const stored = loadSession();
    return stored && withChosenRole(stored);
  });
  const [municipality, setMunicipality] = useState<MunicipalityView | null>(null);
  const [asOf, setAsOfState] = useState<string | null>(() => loadAsOf());
  const setAsOf = useCallback((date: string | null) => {
    saveAsOf(date);
    setAsOfState(date);
  }, []);
  const route = useRoute();

  // A session signed in with the municipality's provider lives in the server's cookie.
  useEffect(() => {
    if (!loadSession()) oidcSession().then((s) => s && setSession(withChosenRole(s)));
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: loaded again on each page, as the organisation may have changed
  useEffect(() => {
    if (!session) return;
    let live = true;
    api<MunicipalityView>('GET', m(session, withAsOf('', asOf)), { token: session.token }).then(
      (data) => live && setMunicipality(data),
      () => {
        if (!live) return;
        if (asOf) return setMunicipality(null); // before the municipality existed
        saveSession(null);
        setSession(null);
      },
    );
    return () => {
      live = false;
    };
  }, [session, asOf, route.parts[0]]);

  const ctx = useMemo<AppContext | null>(
    () =>
      session && {
        session,
        municipality,
        organName: (organId) => municipality?.organs[organId]?.name ?? organId,
        asOf,
        setAsOf,
      },
    [session, municipality, asOf, setAsOf],
  );

  const signIn = (s: Session) => {
    saveSession(s);
    setSession(s);
    window.location.hash = href('arshjul');
  };
  const signOut = () => {
    if (session && !session.token) return void oidcSignOut();
    saveSession(null);
    setSession(null);
    setMunicipality(null);
    window.location.hash = '';
  };

  const page = route.parts[0] ?? 'arshjul';
  const nav = session ? navFor(session) : [];

  return (
    <>
      <a className="skip" href="#innehall">
        Hoppa till innehållet
      </a>
      <header className="banner">
        <div className="brand">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="28" height="28">
            <circle cx="16" cy="16" r="14" fill="none" stroke="currentColor" strokeWidth="3" />
            <path d="M16 2v28M2 16h28M6 6l20 20M26 6L6 26" stroke="currentColor" strokeWidth="1.5" />
          </svg>
          <span>Årshjulet</span>
        </div>
        {session && (
          <div className="who">
            <span>
              {session.municipalityName} · {ROLE_LABEL[session.role]}
              {session.role === 'secretary' && ctx
                ? ` för ${session.organs.map(ctx.organName).join(', ')}`
                : ''}
            </span>
            {session.roles && session.roles.length > 1 && (
              // Someone with several roles works in one at a time; the menu follows the choice.
              <label className="role-choice">
                Arbeta som{' '}
                <select
                  value={session.role}
                  onChange={(e) => {
                    const next = { ...session, role: e.target.value as Session['role'] };
                    saveChosenRole(next.role);
                    // A provider's session lives in its cookie; one signed in here is kept in the tab.
                    if (next.token) saveSession(next);
                    setSession(next);
                  }}
                >
                  {session.roles.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABEL[r]}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <button type="button" onClick={signOut}>
              Logga ut
            </button>
          </div>
        )}
      </header>
      {session && (
        <nav aria-label="Huvudmeny" className="mainnav">
          <ul>
            {nav.map((item) => (
              <li key={item.key}>
                <a href={item.href} aria-current={page === item.key ? 'page' : undefined}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {session && <AsOfControl key={asOf ?? ''} asOf={asOf} onChange={setAsOf} />}
      <main id="innehall" tabIndex={-1}>
        {page === 'tillganglighet' ? (
          // In a municipality's context: the one in the address, else the signed-in person's.
          <AccessibilityPage municipalityId={route.parts[1] ?? session?.municipalityId ?? null} />
        ) : !session || !ctx ? (
          <LoginPage onSignIn={signIn} />
        ) : (
          <Ctx.Provider value={ctx}>
            <Page parts={route.parts} query={route.query} />
          </Ctx.Provider>
        )}
      </main>
      <footer className="footer">
        <p>
          Årshjulet – kommunens planerings- och uppföljningscykel. Öppenhet: allt som händer sparas och kan
          granskas.
        </p>
        <p>
          <a href={session ? href('tillganglighet', session.municipalityId) : href('tillganglighet')}>
            Tillgänglighetsredogörelse
          </a>
          {!session && page === 'tillganglighet' && (
            <>
              {' · '}
              <a href="#/">Till inloggningen</a>
            </>
          )}
        </p>
      </footer>
    </>
  );
}

function Page({ parts, query }: { parts: string[]; query: URLSearchParams }) {
  const [page = 'arshjul', a, b] = parts;
  switch (page) {
    case 'fas':
      return <PhasePage key={`${a}/${b}`} budgetYear={Number(a)} phase={b ?? ''} />;
    case 'inkorg':
      return <InboxPage key={a ?? ''} organId={a ?? null} />;
    case 'uppgift':
      return <TaskPage key={a} taskId={a ?? ''} />;
    case 'tillitsdialoger':
      return <DialoguesPage />;
    case 'budget':
      return <BudgetPage />;
    case 'mal':
      return <GoalsPage />;
    case 'foljsamhet':
      return <CompliancePage />;
    case 'revision':
      return <AuditPage />;
    case 'revisionsberattelse':
      return <AuditorsReportPage />;
    case 'dokument':
      return <DocumentsPage />;
    case 'kalender':
      return <CalendarFeedPage />;
    case 'e-post':
      return <MailSettingsPage />;
    case 'andringar':
      return <ChangeLogPage />;
    case 'organisation':
      return <OrganisationPage />;
    case 'personer':
      return <PeoplePage />;
    case 'styrdokument':
      return <SteeringPage />;
    case 'ny-cykel':
      return <CalendarEditorPage />;
    case 'beslut':
      return <DecisionsPage key={a ?? ''} year={a ? Number(a) : null} />;
    case 'sista-dagar':
      return <DeadlinesPage />;
    case 'tillganglighetsbrister':
      return <AccessibilityReportsPage />;
    default:
      return <WheelPage day={query.get('datum')} />;
  }
}
