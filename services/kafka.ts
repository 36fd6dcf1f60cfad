import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import '../messaging/kafkajs-idle-fix';
import { host, paths, ports, repoRoot, serviceUrls, versions } from './config';
import { ensurePortsFree } from './port-check';
import { isAlive, portOpen, readPid, startDetached, stopDetached, waitUntil } from './proc';
import { aptInstall, commandExists, run } from './shell';
import type { Service, ServiceStatus } from './types';

const pom = path.join(repoRoot, 'services', 'kafka', 'pom.xml');
const log4jConfig = path.join(repoRoot, 'services', 'kafka', 'log4j.properties');
const classpath = () => `${paths.kafkaLibs}/*`;
// A capped heap leaves room for Postgres, Temporal, Node and the tests on a 2-core machine.
const jvmOptions = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4jConfig}`];

async function ensureJavaAndMaven(log: (line: string) => void): Promise<void> {
  const missing: string[] = [];
  if (!(await commandExists('java'))) missing.push('default-jre-headless');
  if (!(await commandExists('mvn'))) missing.push('maven');
  if (missing.length) await aptInstall(missing, log);
}

/** Copies the broker and its runtime dependencies from Maven Central into our cache, once per version. */
async function ensureKafkaJars(log: (line: string) => void): Promise<void> {
  const marker = path.join(paths.kafkaLibs, `kafka_2.13-${versions.kafka}.jar`);
  if (existsSync(marker)) return;
  await ensureJavaAndMaven(log);
  log(`mvn dependency:copy-dependencies (org.apache.kafka:kafka_2.13:${versions.kafka})`);
  await run('mvn', [
    '-q',
    '-B',
    '-f',
    pom,
    `-Dmaven.repo.local=${path.join(paths.kafkaLibs, '..', 'm2')}`,
    `-Dkafka.version=${versions.kafka}`,
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-DoutputDirectory=${paths.kafkaLibs}`,
  ]);
  if (!existsSync(marker)) throw new Error(`Maven finished but ${marker} is missing`);
}

function writeServerProperties(): string {
  const file = path.join(paths.kafkaData, 'server.properties');
  mkdirSync(paths.kafkaData, { recursive: true });
  const props = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${host}:${ports.kafkaController}`,
    listeners: `PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    'advertised.listeners': `PLAINTEXT://${host}:${ports.kafka}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': path.join(paths.kafkaData, 'logs'),
    'num.partitions': '3',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
  };
  writeFileSync(
    file,
    `${Object.entries(props)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')}\n`,
  );
  return file;
}

/** Formats the KRaft log folder once, with a fresh cluster id. */
async function ensureFormatted(properties: string, log: (line: string) => void): Promise<void> {
  const logDir = path.join(paths.kafkaData, 'logs');
  if (existsSync(logDir) && readdirSync(logDir).includes('meta.properties')) return;
  const java = ['-cp', classpath(), `-Dlog4j.configuration=file:${log4jConfig}`, 'kafka.tools.StorageTool'];
  const clusterId = (await run('java', [...java, 'random-uuid'])).trim().split('\n').pop() ?? '';
  log(`kafka-storage format (cluster ${clusterId})`);
  await run('java', [...java, 'format', '-t', clusterId, '-c', properties]);
}

async function answers(): Promise<boolean> {
  if (!(await portOpen(ports.kafka))) return false;
  const admin = new Kafka({
    clientId: 'arshjul-health',
    brokers: serviceUrls.kafkaBrokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Apache Kafka 3.9 in KRaft mode, a single node that is both broker and controller. */
export const kafka: Service = {
  name: 'kafka',
  async up(log) {
    await ensureKafkaJars(log);
    if (await answers()) return;
    if (isAlive(readPid('kafka'))) await stopDetached('kafka');
    await ensurePortsFree('kafka', ['kafka', 'kafkaController'], { log });
    const properties = writeServerProperties();
    await ensureFormatted(properties, log);
    log(`kafka ${versions.kafka} (KRaft, port ${ports.kafka})`);
    startDetached('kafka', 'java', [...jvmOptions, '-cp', classpath(), 'kafka.Kafka', properties]);
    await waitUntil('Kafka', answers, { timeoutMs: 180_000, intervalMs: 1000, logName: 'kafka' });
  },
  async down(log) {
    if (await stopDetached('kafka', 30_000)) log('kafka stopped');
  },
  async status(): Promise<ServiceStatus> {
    return { name: 'kafka', endpoint: serviceUrls.kafkaBrokers.join(','), answers: await answers() };
  },
};
