import { isEndpoint, resolveIncludePath, type ProjectGraph, type Vertex } from '@tb-refs/graph';
import type { PlanWarning } from './plan.js';

/**
 * Warnings about users of a resource that live outside the project and keep using the old name
 * after a rename (datafile-format.md §6: a renamed datasource "breaks external writers using the
 * old name", as crowd.dev's Kafka Connect sink kept posting `name=packages`).
 */
export function externalUserWarnings(graph: ProjectGraph, vertex: Vertex, postgresDatasources: readonly string[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const file = graph.files.find((f) => f.path === ('file' in vertex ? vertex.file : ''));
  const add = (message: string, offset = 0): void => {
    const line = file ? file.parsed.lineIndex.positionAt(offset).line : 1;
    warnings.push({ code: 'external-writer', message, file: file?.path, line, column: 1 });
  };
  const name = vertex.name;
  if (vertex.kind === 'datasource' && file?.parsed.datasource) {
    const ds = file.parsed.datasource;
    const keys = [...ds.connectorSettings.keys()];
    const kafka = keys.find((k) => k.startsWith('KAFKA_'));
    // Connector settings are often kept in an include (`datasources/connections/kafka.incl`).
    const kafkaInclude = ds.includes.find((inc) => {
      const included = graph.files.find((f) => f.path === resolveIncludePath(file.path, inc.path));
      return included?.parsed.directives.some((d) => d.key?.startsWith('KAFKA_')) === true;
    });
    if (kafkaInclude && !kafka) {
      add(`${name} is fed by a Kafka connector (settings in ${kafkaInclude.path}): the connector is bound to the datasource by name, so recreate it for the new name.`, kafkaInclude.start);
    }
    if (kafka) {
      const topic = ds.connectorSettings.get('KAFKA_TOPIC')?.value;
      add(`${name} is fed by a Kafka connector${topic ? ` (topic ${topic})` : ''}: the connector is bound to the datasource by name, so recreate it for the new name.`, ds.connectorSettings.get(kafka)?.directive.start);
    }
    const imp = keys.find((k) => k.startsWith('IMPORT_'));
    if (imp) add(`${name} is fed by a scheduled import (${imp}): it is configured on the datasource by name and keeps targeting the old one.`, ds.connectorSettings.get(imp)?.directive.start);
    for (const t of ds.tokens) {
      if (t.permission.toUpperCase() !== 'APPEND') continue;
      add(`Token "${t.name}" can APPEND to ${name}: writers outside this repository that use it (Events API, Kafka Connect or sink workers) keep posting to name=${name}; point them at the new name.`, t.directive.start);
    }
    if (postgresDatasources.includes(name)) {
      add(`${name} is listed in settings.postgresDatasources: it is replicated from Postgres (a Sequin sink), which keeps writing to ${name}.`);
    }
  }
  if (vertex.kind === 'pipe' && file?.parsed.pipe) {
    const nodes = file.parsed.pipe.nodes;
    const sink = nodes.find((n) => n.nodeType === 'sink' || [...n.settings.keys()].some((k) => k.startsWith('EXPORT_')));
    if (sink) add(`${name} is a sink pipe (EXPORT_*): its scheduled exports and /v0/pipes/${name}/sink triggers are addressed by name.`, sink.directive.start);
    const onDemand = nodes.find((n) => n.nodeType === 'copy' && /@on-demand/i.test(n.copySchedule?.value ?? ''));
    if (onDemand) add(`${name} is an on-demand copy pipe: jobs that run it through /v0/pipes/${name}/copy keep calling the old name.`, onDemand.directive.start);
    if (isEndpoint(vertex)) add(`${name} is served at /v0/pipes/${name}.json: callers outside the files tb-refs scanned (other repositories, dashboards, curl scripts) keep calling the old URL.`);
  }
  return warnings;
}
