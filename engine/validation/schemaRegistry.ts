import Ajv, { type ValidateFunction } from 'ajv';
import nadSchema from '../../schemas/nad.schema.json';
import netconfSchema from '../../schemas/cni/netconf.schema.json';
import conflistSchema from '../../schemas/cni/conflist.schema.json';
import bandwidth from '../../schemas/plugins/bandwidth.schema.json';
import bond from '../../schemas/plugins/bond.schema.json';
import bridge from '../../schemas/plugins/bridge.schema.json';
import dummy from '../../schemas/plugins/dummy.schema.json';
import firewall from '../../schemas/plugins/firewall.schema.json';
import flannel from '../../schemas/plugins/flannel.schema.json';
import hostDevice from '../../schemas/plugins/host-device.schema.json';
import ipvlan from '../../schemas/plugins/ipvlan.schema.json';
import macvlan from '../../schemas/plugins/macvlan.schema.json';
import ovs from '../../schemas/plugins/ovs.schema.json';
import portmap from '../../schemas/plugins/portmap.schema.json';
import ptp from '../../schemas/plugins/ptp.schema.json';
import sbr from '../../schemas/plugins/sbr.schema.json';
import sriov from '../../schemas/plugins/sriov.schema.json';
import tap from '../../schemas/plugins/tap.schema.json';
import tuning from '../../schemas/plugins/tuning.schema.json';
import vlan from '../../schemas/plugins/vlan.schema.json';
import vrf from '../../schemas/plugins/vrf.schema.json';
import dhcp from '../../schemas/ipam/dhcp.schema.json';
import hostLocal from '../../schemas/ipam/host-local.schema.json';
import staticIpam from '../../schemas/ipam/static.schema.json';
import whereabouts from '../../schemas/ipam/whereabouts.schema.json';

/** A JSON Schema node as our schemas write it (draft-07 plus `x-` annotations for messages). */
export interface SchemaNode {
  readonly type?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** Go's name of the struct that holds these properties (for "Go struct field X.y" messages). */
  readonly 'x-goStruct'?: string;
  readonly 'x-goType'?: string;
  /** How the plugin wraps a JSON decode error, `{error}` standing for Go's message. */
  readonly 'x-decodeError'?: string;
  /** Upstream wording when the value breaks enum/minimum/maximum; `{value}` is the value. */
  readonly 'x-error'?: string;
  readonly 'x-code'?: string;
  readonly 'x-caseInsensitiveEnum'?: readonly string[];
  readonly 'x-interfaceName'?: boolean;
  /** The key is looked up exactly, not by Go's case-insensitive decoding; the upstream error when it is missing. */
  readonly 'x-exactKey'?: string;
  readonly 'x-upstream'?: string;
}

export const PLUGIN_SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  bandwidth,
  bond,
  bridge,
  dummy,
  firewall,
  flannel,
  'host-device': hostDevice,
  ipvlan,
  macvlan,
  ovs,
  portmap,
  ptp,
  sbr,
  sriov,
  tap,
  tuning,
  vlan,
  vrf,
} as Record<string, SchemaNode>;

export const IPAM_SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  dhcp,
  'host-local': hostLocal,
  static: staticIpam,
  whereabouts,
} as Record<string, SchemaNode>;

export const NETCONF_SCHEMA = netconfSchema as SchemaNode;
export const CONFLIST_SCHEMA = conflistSchema as SchemaNode;
export const NAD_SCHEMA = nadSchema as SchemaNode;

let ajv: Ajv | undefined;
const compiled = new Map<SchemaNode, ValidateFunction>();

/** The ajv validator of a schema, compiled on first use and kept for the life of the process. */
export function validatorFor(schema: SchemaNode): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    // Our schemas are checked against the JSON Schema meta-schema by test/validation/schemas.test.ts;
    // validating them again here compiled the meta-schema on the first NAD (50 ms of the first diagnostics).
    ajv ??= new Ajv({ allErrors: true, strict: false, validateSchema: false });
    validate = ajv.compile({ ...schema, $id: undefined });
    compiled.set(schema, validate);
  }
  return validate;
}
