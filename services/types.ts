export interface ServiceStatus {
  name: string;
  endpoint: string;
  answers: boolean;
  detail?: string;
}

/** A local service the project provisions and runs natively; up() is idempotent and waits until it answers. */
export interface Service {
  name: string;
  up(log: (line: string) => void): Promise<void>;
  down(log: (line: string) => void): Promise<void>;
  status(): Promise<ServiceStatus>;
}
