// The bundled install: which objects `multus-nad deploy` applies and which DaemonSets it then watches.
import { flannelManifests, FLANNEL_DAEMONSET, FLANNEL_NAMESPACE } from './flannel';
import {
  defaultMultusImage,
  DEFAULT_THICK_MEMORY_LIMIT,
  multusManifests,
  MULTUS_DAEMONSET,
  MULTUS_NAMESPACE,
  type MultusFlavor,
  type ThickDaemonOptions,
} from './multus';
import type { KubeObject } from './types';
import { FLANNEL_CNI_PLUGIN_IMAGE, FLANNEL_IMAGE, MULTUS_VERSION } from './versions';

export interface InstallOptions extends ThickDaemonOptions {
  flavor: MultusFlavor;
  /** A full image reference for Multus (a mirror or an air-gapped registry); default: the pinned release. */
  image?: string;
  /** Replaces the registry host of every pinned image, e.g. "registry.internal:5000". */
  registry?: string;
  withFlannel?: boolean;
}

export interface Install {
  objects: KubeObject[];
  /** The DaemonSets whose rollout ends the deploy, in the order they are watched. */
  daemonSets: { namespace: string; name: string }[];
  /** One line for the confirmation: "Multus v4.3.0 (thick), image …". */
  summary: string;
}

/** Swaps the registry host of an image reference ("ghcr.io/a/b:t" with "mirror:5000" gives "mirror:5000/a/b:t"). */
export function withRegistry(image: string, registry: string | undefined): string {
  if (!registry) return image;
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  const rest = hasHost ? image.slice(slash + 1) : image;
  return `${registry.replace(/\/+$/, '')}/${rest}`;
}

/**
 * The label every object `deploy` applies carries, so `undeploy` removes only those: managedFields alone do not
 * tell (in Kubernetes 1.20 a controller's update can drop them, e.g. the token controller's on a ServiceAccount).
 */
export const MANAGED_BY_LABEL = { 'app.kubernetes.io/managed-by': 'multus-nad' } as const;

function labelled(object: KubeObject): KubeObject {
  return { ...object, metadata: { ...object.metadata, labels: { ...object.metadata.labels, ...MANAGED_BY_LABEL } } };
}

export function installManifests(options: InstallOptions): Install {
  const image = options.image ?? withRegistry(defaultMultusImage(options.flavor), options.registry);
  const objects: KubeObject[] = [];
  const daemonSets: Install['daemonSets'] = [];
  if (options.withFlannel) {
    objects.push(
      ...flannelManifests(
        withRegistry(FLANNEL_IMAGE, options.registry),
        withRegistry(FLANNEL_CNI_PLUGIN_IMAGE, options.registry),
      ),
    );
    daemonSets.push({ namespace: FLANNEL_NAMESPACE, name: FLANNEL_DAEMONSET });
  }
  objects.push(...multusManifests(options.flavor, image, options));
  daemonSets.push({ namespace: MULTUS_NAMESPACE, name: MULTUS_DAEMONSET });
  const flannel = options.withFlannel ? ' + flannel' : '';
  const summary = `Multus ${MULTUS_VERSION} (${options.flavor}${flannel}), image ${image}${thickSummary(options)}`;
  return { objects: objects.map(labelled), daemonSets, summary };
}

/** ", daemon memory limit 256Mi, connectionLimit 20" for the thick daemon; nothing for thin. */
function thickSummary(options: InstallOptions): string {
  if (options.flavor !== 'thick') return '';
  const limit = options.memoryLimit ?? DEFAULT_THICK_MEMORY_LIMIT;
  const memory = limit === 'none' ? 'no daemon memory limit' : `daemon memory limit ${limit}`;
  return `, ${memory}${options.connectionLimit !== undefined ? `, connectionLimit ${options.connectionLimit}` : ''}`;
}

export { defaultMultusImage, DEFAULT_THICK_MEMORY_LIMIT, type MultusFlavor, type ThickDaemonOptions } from './multus';
export type { KubeObject } from './types';
