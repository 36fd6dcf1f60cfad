import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { Client, Connection } from '@temporalio/client';
import { serviceUrls } from '../../services/config';
import { cycleWorkflowId } from '../../workflows/messages';
import type { SpawnedCli } from './child-processes';

/** One span as an OTLP/HTTP JSON export carried it, with its process's service name. */
export interface CollectedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

export interface OtlpCollector {
  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (the exporter adds /v1/traces). */
  url: string;
  spans(): CollectedSpan[];
  close(): Promise<void>;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: {
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

function attributeValue(v: OtlpValue): unknown {
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(attributeValue);
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.doubleValue ?? v.boolValue;
}

function attributesOf(list: OtlpAttribute[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, attributeValue(a.value)]));
}

/**
 * A small OTLP/HTTP receiver for traces in JSON (what @opentelemetry/exporter-trace-otlp-http sends):
 * it keeps every span it is sent, so a test can check what the processes exported.
 */
export async function startOtlpCollector(): Promise<OtlpCollector> {
  const received: CollectedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      try {
        let body = Buffer.concat(chunks);
        if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        const payload = JSON.parse(body.toString('utf8')) as OtlpExport;
        for (const rs of payload.resourceSpans ?? []) {
          const service = String(attributesOf(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              received.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                name: s.name,
                kind: s.kind,
                attributes: attributesOf(s.attributes),
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The span and its ancestors, root first, as far as the collected spans reach. */
export function ancestry(spans: CollectedSpan[], leaf: CollectedSpan): CollectedSpan[] {
  const chain = [leaf];
  for (let s = leaf; s.parentSpanId; ) {
    const parent = spans.find((p) => p.spanId === s.parentSpanId && p.traceId === s.traceId);
    if (!parent) break;
    chain.unshift(parent);
    s = parent;
  }
  return chain;
}

/**
 * Ends a tracing test's deployment: terminates its cycle (it would run on), stops `arshjul up` (15 s
 * at most) and closes the collector.
 */
export async function stopTracedDeployment(o: {
  municipalityId: string;
  up: SpawnedCli | undefined;
  collector: OtlpCollector | undefined;
}): Promise<void> {
  const connection = await Connection.connect({ address: serviceUrls.temporalAddress });
  const client = new Client({ connection, namespace: serviceUrls.temporalNamespace });
  await client.workflow
    .getHandle(cycleWorkflowId(o.municipalityId, 2027))
    .terminate('the tracing test is done')
    .catch(() => {});
  await connection.close();
  if (o.up?.child.exitCode === null) {
    o.up.child.kill('SIGTERM');
    await Promise.race([o.up.exit, delay(15_000)]);
  }
  await o.collector?.close();
}
