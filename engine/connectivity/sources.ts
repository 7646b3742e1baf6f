/**
 * Where each reachability fact comes from: the kernel file and function, or the plugin source
 * (containernetworking/plugins, PLG, at v1.1.1 unless a version is named). One entry per fact;
 * the rules name them, the matrix prints them next to each verdict.
 */
export const SOURCES = {
  macvlanBridge: 'Linux drivers/net/macvlan.c macvlan_queue_xmit (bridge mode)',
  macvlanPrivate: 'Linux drivers/net/macvlan.c macvlan_handle_frame (private mode drops frames from a sibling)',
  macvlanVepa: 'Linux drivers/net/macvlan.c macvlan_queue_xmit (VEPA sends every frame to the wire)',
  macvlanPassthru: 'Linux drivers/net/macvlan.c macvlan_common_newlink (passthru: one macvlan per lower device)',
  macvlanPassthruRx:
    'Linux drivers/net/macvlan.c macvlan_handle_frame (passthru: every frame on the lower device goes to its one macvlan)',
  macvlanParent:
    'Linux drivers/net/macvlan.c macvlan_handle_frame (frames from a macvlan never reach its lower device)',
  ipvlanL2: 'Linux drivers/net/ipvlan/ipvlan_core.c ipvlan_xmit_mode_l2; Documentation/networking/ipvlan.rst 4.1',
  ipvlanL3: 'Linux drivers/net/ipvlan/ipvlan_core.c ipvlan_xmit_mode_l3; Documentation/networking/ipvlan.rst 4.2-4.3',
  ipvlanFlags:
    'containernetworking/plugins plugins/main/ipvlan/ipvlan.go NetConf (only `mode`); Documentation/networking/ipvlan.rst 5',
  ipvlanParent: 'Documentation/networking/ipvlan.rst; containernetworking/plugins plugins/main/ipvlan/README.md Notes',
  segment: 'the cluster model: interfaces with the same `segment` share one L2 network',
  bridgeForward: 'Linux net/bridge/br_forward.c br_forward (ports of one bridge)',
  bridgeIsolation:
    'containernetworking/plugins plugins/main/bridge/bridge.go portIsolation (v1.7.0+); Linux net/bridge/br_forward.c should_deliver',
  bridgeVlan:
    'Linux net/bridge/br_vlan.c br_allowed_egress; containernetworking/plugins plugins/main/bridge/bridge.go `vlan`',
  bridgeGateway:
    'containernetworking/plugins plugins/main/bridge/bridge.go cmdAdd: isGateway puts the gateway address on the bridge (ensureAddr)',
  bridgeNoUplink: 'the cluster model: the bridge has no `uplink`, so it exists only inside its node',
  vlan: 'Linux net/8021q/vlan_dev.c vlan_dev_hard_start_xmit (tags every frame with the VLAN ID)',
  vlanHost:
    'containernetworking/plugins plugins/main/vlan/vlan.go createVlan (the VLAN link is created on the master and moved into the pod)',
  hostDevice:
    'containernetworking/plugins plugins/main/host-device/host-device.go moveLinkIn (the device leaves the node for the pod)',
  sriov:
    'k8snetworkplumbingwg/sriov-cni: a VF switches through its PF\u2019s embedded switch; PF and switch are not in the cluster model',
  ptpHost:
    'containernetworking/plugins plugins/main/ptp/ptp.go setupContainerVeth/setupHostVeth (gateway on the host end, /32 route to the pod)',
  ptpForward:
    'containernetworking/plugins plugins/main/ptp/ptp.go cmdAdd ip.EnableForward; host routes /32 to each pod veth',
  notModelled: 'not modelled by multus-nad',
  routing: 'the pod\u2019s routing table as the preview builds it (ip route)',
  l2Only:
    'containernetworking/plugins plugins/main/*: without ipam the interface gets no address (CNI result without ips)',
  dhcp: 'containernetworking/plugins plugins/ipam/dhcp: the address comes from a DHCP server at runtime',
} as const;

export type SourceKey = keyof typeof SOURCES;
