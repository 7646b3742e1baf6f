import type { Node as JsonNode } from 'jsonc-parser';
import { parseCidr, parseIp } from '../address/ipAddress';
import type { ConfigSource } from './configSource';
import type { CniShape, PluginEntry } from './cniConfigRules';
import { compareVersions, reportNotInstalled } from './cniConfigRules';
import { goBool, goField, goJsonKind, goString, propertiesOf } from './goJsonFields';
import { checkHostLocal, checkRoutes } from './hostLocalRules';
import { checkAgainstSchema } from './schemaRules';
import { IPAM_SCHEMAS } from './schemaRegistry';
import { checkWhereabouts } from './whereaboutsRules';
import { checkGateways } from './gatewayRules';
import { ownEntry } from '../json/jsonValue';
import { closestName } from './similarNames';

/** The IPAM of one plugin object: schema, then the rules of its type, then default routes. */
export function checkIpam(
  source: ConfigSource,
  plugin: PluginEntry,
  shape: CniShape,
  installed: ReadonlySet<string>,
): void {
  const ipam = goField(plugin.node, 'ipam');
  checkDefaultGateway(source, plugin.node);
  if (ipam?.type !== 'object') return;
  const typeNode = goField(ipam, 'type');
  if (typeNode && typeNode.type !== 'string') {
    // CNI pkg/types/types.go IPAM.Type is a Go string: every plugin's loadConf fails to decode it.
    source.at(
      'json-wrong-type',
      typeNode,
      `The IPAM "type" must be a string. The plugin fails with: failed to load netconf: json: cannot unmarshal ${goJsonKind(typeNode)} into Go struct field IPAM.ipam.type of type string. Write the IPAM plugin's name, e.g. "host-local".`,
    );
    return;
  }
  const type = goString(ipam, 'type') ?? '';
  if (type !== '' && !installed.has(type)) reportNotInstalled(source, typeNode!, type, installed);
  if (type === '') {
    // Without a type no IPAM schema is checked: a near spelling of "type" is named here (misspelledRequiredKeys.ts folds the two).
    const typo = propertiesOf(ipam).find((p) => closestName(p.key, ['type']) === 'type');
    if (typo)
      source.atKey('json-unknown-key', typo.value, `Unknown key "${typo.key}" in "ipam". Did you mean "type"?`, {
        key: typo.key,
        replacement: 'type',
      });
    if (propertiesOf(ipam).length > 0) {
      source.atKey(
        'ipam-type-missing',
        ipam,
        `"ipam" has settings but no "type". ${plugin.type} runs no IPAM plugin (the interface gets no address) or fails with "no plugin name provided". Add "type": "host-local" (or static, whereabouts, dhcp).`,
        { field: 'type' },
      );
    }
    return;
  }
  const schema = ownEntry(IPAM_SCHEMAS, type);
  if (schema) checkAgainstSchema(source, ipam, schema, { owner: `${type} IPAM`, goPath: 'ipam' });
  if (type === 'host-local') checkHostLocal(source, ipam, shape.cniVersion);
  else if (type === 'whereabouts') checkWhereabouts(source, ipam);
  else if (type === 'static') checkStatic(source, ipam, shape.cniVersion);
  else if (type === 'dhcp') {
    source.at(
      'ipam-dhcp-daemon',
      goField(ipam, 'type')!,
      'dhcp IPAM needs the CNI dhcp daemon on every node. Run /opt/cni/bin/dhcp daemon (socket /run/cni/dhcp.sock); without it ADD fails: error dialing DHCP daemon. The address is only known at run time.',
    );
  }
  if (type === 'static' || type === 'host-local') {
    const sbrFollows = shape.plugins.some((other) => other.type === 'sbr' && other.index > plugin.index);
    const bridgeIsGateway = plugin.type === 'bridge' && goBool(plugin.node, 'isGateway');
    checkGateways(source, ipam, type, { pluginType: plugin.type, sbrFollows, bridgeIsGateway });
  }
  for (const dst of checkRoutes(source, ipam)) {
    source.at(
      'ipam-default-route',
      dst,
      `This secondary network installs a default route. The plugin adds it ahead of the pod's existing default route, so the pod's egress moves to this interface. Remove it, or pick the default route per pod with "default-route" in k8s.v1.cni.cncf.io/networks.`,
    );
  }
}

function checkDefaultGateway(source: ConfigSource, node: JsonNode): void {
  if (goString(node, 'type') === 'bridge' && goBool(node, 'isDefaultGateway')) {
    source.atKey(
      'ipam-default-route',
      goField(node, 'isDefaultGateway')!,
      'isDefaultGateway gives the pod a default route via the bridge. On a secondary network this moves the pod\'s egress off eth0. Use isGateway, or "default-route" in the pod annotation.',
    );
  }
}

/** PLG plugins/ipam/static/main.go LoadIPAMConfig. */
function checkStatic(source: ConfigSource, ipam: JsonNode, cniVersion: string | undefined): void {
  const addresses = goField(ipam, 'addresses');
  const families: number[] = [];
  for (const entry of addresses?.children ?? []) {
    const address = goField(entry, 'address');
    if (address?.type === 'string') {
      const cidr = parseCidr(String(address.value));
      if (!cidr) {
        const bare = parseIp(String(address.value));
        source.at(
          'ipam-static-not-cidr',
          address,
          `A static address needs a prefix. The plugin fails with: the 'address' field is expected to be in CIDR notation, got: '${String(address.value)}'. Write it with a prefix, e.g. ${bare ? `${String(address.value)}/24` : '10.10.0.1/24'}.`,
          bare ? { replacement: `${String(address.value)}/${bare.family === 4 ? 24 : 64}` } : undefined,
        );
      } else families.push(cidr.address.family);
    }
    const gateway = goField(entry, 'gateway');
    if (gateway?.type === 'string' && !parseIp(String(gateway.value))) {
      source.at(
        'ipam-ip-invalid',
        gateway,
        `invalid IP address: ${String(gateway.value)}. Write an address such as 10.10.0.254.`,
      );
    }
  }
  if (!addresses || (addresses.children?.length ?? 0) === 0) {
    source.atKey(
      'ipam-static-no-addresses',
      goField(ipam, 'type')!,
      'static IPAM without "addresses": every pod must bring its own. Addresses then come from ips in k8s.v1.cni.cncf.io/networks; a pod without ips fails with "IPAM plugin returned missing IP config".',
    );
  }
  const version = cniVersion ?? '0.1.0';
  if (compareVersions(version, '0.3.0') < 0 && new Set(families).size !== families.length) {
    source.atKey(
      'ipam-too-many-addresses',
      addresses!,
      `CNI version ${version} does not support more than 1 address per family. Set cniVersion to 0.3.0 or later.`,
    );
  }
}
