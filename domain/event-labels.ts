import type { EventType } from './events';

/**
 * Every event type in Swedish, as users see it (audit timeline, exports, the CLI). A Record over
 * EventType, so a new event type does not compile until it has a label (docs/glossary.md's words).
 */
export const EVENT_LABEL: Record<EventType, string> = {
  MunicipalityRegistered: 'Kommunen registrerad',
  OrganAdded: 'Organ tillagt',
  OrganRenamed: 'Organ har bytt namn',
  OrganRemoved: 'Organ borttaget',
  DepartmentAdded: 'Sektor tillagd',
  SecretaryAssigned: 'Nämndsekreterare utsedd',
  SecretaryRemoved: 'Nämndsekreterare borttagen',
  ProcessOwnerAssigned: 'Processägare utsedd',
  ProcessOwnerRemoved: 'Processägare borttagen',
  AuditorAssigned: 'Revisor utsedd',
  NotificationPreferencesSet: 'E-postinställning ändrad',
  VisionSet: 'Vision fastställd',
  ValuesSet: 'Värdegrund fastställd',
  CouncilGoalAdopted: 'Riktningsmål antaget',
  ExternalFactorAdopted: 'Omvärldsfaktor antagen',
  OrganGoalAdopted: 'Nämndmål antaget',
  IndicatorAdded: 'Indikator tillagd',
  IndicatorValueRecorded: 'Indikatorvärde registrerat',
  IndicatorBoundToKolada: 'Indikator kopplad till Kolada',
  KoladaValueRecorded: 'Värde från Kolada registrerat',
  ActivityAdded: 'Aktivitet tillagd',
  ExtraElectionRecorded: 'Extra val registrerat',
  CycleStarted: 'Cykeln startad',
  PhaseOpened: 'Fas påbörjad',
  PhaseClosed: 'Fas avslutad',
  CalendarDateChanged: 'Datum i kalendern ändrat',
  DecisionRecorded: 'Beslut registrerat',
  DialogueOutcomesReported: 'Tillitsdialoger redovisade för KF',
  SpecialReasonsRecorded: 'Särskilda skäl registrerade',
  TaxRateProposed: 'Skattesats föreslagen',
  BudgetProposed: 'Budget föreslagen',
  BudgetAdopted: 'Budget fastställd',
  OrganPlanAdopted: 'Verksamhetsplan antagen',
  InterimReportSubmitted: 'Delårsrapport överlämnad till KF',
  InterimReportTreated: 'Delårsrapport behandlad av KF',
  AnnualReportSubmitted: 'Årsredovisning överlämnad till KF',
  AnnualReportApproved: 'Årsredovisning godkänd av KF',
  AuditReportSubmitted: 'Revisionsberättelse överlämnad',
  DischargeDecided: 'Beslut om ansvarsfrihet',
  RecoveryPlanAdopted: 'Åtgärdsplan antagen',
  AnalysisDecisionRecorded: 'Nämndens beslut om nulägesanalysen registrerat',
  OmvarldsdagAttendanceRecorded: 'Närvaro vid omvärldsdagen registrerad',
  CycleClosed: 'Cykeln avslutad',
  DialogueScheduled: 'Tillitsdialog planerad',
  TaskAssigned: 'Uppgift tilldelad',
  TaskReminderSent: 'Påminnelse skickad',
  TaskSubmitted: 'Uppgift inlämnad',
  TaskReturnedForRevision: 'Uppgift returnerad för komplettering',
  TaskApproved: 'Uppgift godkänd',
  TaskEscalated: 'Uppgift eskalerad till processägaren',
  TaskDueDateChanged: 'Sista dag ändrad',
  TaskCancelled: 'Uppgift avbruten',
};

/** The Swedish label of an event type; an unknown (future) type shows as itself. */
export const eventLabel = (type: string): string =>
  Object.hasOwn(EVENT_LABEL, type) ? EVENT_LABEL[type as EventType] : type;
