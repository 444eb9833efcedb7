"""Every concept of Docker networking the Explain screen lists: a short title and a few sentences.

Data only (`tui.model.explain` picks the ones that fit the selected network or container): the
seed document's four modes, six drivers, --link and /etc/hosts, the commands, veth pairs, and what
dockernet adds on top (swarm, address space, published ports and the firewall).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One concept: a short title and a few sentences."""

    id: str
    title: str
    text: str


TOPIC_LIST = [
    Topic(
        "bridge",
        "bridge driver: a virtual switch on this host",
        "Each container gets its own network namespace with an eth0. A veth pair joins that eth0 to a "
        "Linux bridge on the host: docker0 for the default network, br-<id> for a user-defined one. The "
        "bridge is the containers' gateway; containers on one bridge talk directly at layer 2, and traffic "
        "leaving the host is NATed (masquerade). One host only.",
    ),
    Topic(
        "default-bridge",
        'the default network "bridge" (docker0)',
        "`docker run` without --net puts a container here. There is no embedded DNS on the default "
        "bridge: containers find each other only by IP address, or by a legacy --link.",
    ),
    Topic(
        "user-bridge",
        "user-defined networks",
        "`docker network create NAME` (driver bridge unless --driver says otherwise; --subnet and "
        "--gateway pick the addresses). Unlike the default bridge, the engine's DNS resolves container "
        "names and aliases here, and containers can be connected and disconnected while running.",
    ),
    Topic(
        "dns",
        "embedded DNS at 127.0.0.11",
        "On user-defined networks every container's resolver is 127.0.0.11, the engine's embedded DNS. "
        "It answers container names, network aliases (--alias / --network-alias) and --link aliases of "
        "that network, only to containers on the same network. Anything else is forwarded upstream.",
    ),
    Topic(
        "host",
        "host mode (--net=host)",
        "The container has no network namespace of its own: it shares the host's interfaces, addresses "
        "and ports. There is no NAT and no port publishing (-p is ignored): a service listening inside "
        "listens on the host. Fast, but nothing is isolated.",
    ),
    Topic(
        "none",
        "none mode (--net=none)",
        "The container gets its own namespace with only the loopback interface lo: no eth0, no address, "
        "no routes. It cannot reach anything and nothing can reach it. The driver is called null.",
    ),
    Topic(
        "container-mode",
        "container mode (--net=container:X)",
        "The container joins X's network namespace instead of getting its own: same interfaces, same IP "
        "address, same port range. The two talk over lo (localhost) and cannot both listen on one port. "
        "Filesystems and process lists stay separate. It lists no networks of its own; if X stops, it "
        "loses its network.",
    ),
    Topic(
        "overlay",
        "overlay driver: one network across engines",
        "An overlay network spans several Docker engines (a swarm): VXLAN tunnels carry container "
        "traffic between hosts, and the built-in DNS provides service discovery across them. Scope is "
        "swarm. --attachable lets plain `docker run` containers join, not only services.",
    ),
    Topic(
        "ingress",
        "the ingress network: the swarm's routing mesh",
        "Every swarm has one ingress overlay. It carries no containers of yours: each node has a hidden "
        "ingress-sbox namespace on it, and every task of a service that publishes a port in ingress mode "
        "gets an interface on it. No names resolve on ingress; it exists only to carry published ports "
        "from whichever node a client connects to, to a node where a task runs.",
    ),
    Topic(
        "routing-mesh",
        "published ports through the routing mesh",
        "`docker service create -p 8080:80` publishes 8080 on every node of the swarm, whether a task runs "
        "there or not. A connection to any node's address at 8080 is DNATed into ingress-sbox, which "
        "balances it (IPVS) to the service's VIP on ingress, and the VIP sends it over the ingress overlay "
        "to a task on any node. `--publish mode=host` skips the mesh: the port opens only on the nodes "
        "running a task, straight to that task. Needs the ports 7946 (gossip) and 4789/udp (VXLAN) open "
        "between nodes.",
    ),
    Topic(
        "service-vip",
        "services: a virtual IP per network, or DNS round robin",
        "On each overlay a service is attached to, the embedded DNS answers its name (and its aliases) "
        "with the service's virtual IP, an IPVS load balancer that spreads connections to the service's "
        "ports over its running tasks; a ping to a VIP gets no answer. `tasks.NAME` resolves to every "
        "task's own address. With --endpoint-mode dnsrr there is no VIP: the name resolves to the tasks' "
        "addresses. A VIP needs IPVS in each node's kernel (without it the engine logs \"Could not get "
        'ipvs family information" and connections to the VIP go nowhere).',
    ),
    Topic(
        "swarm-task",
        "a swarm task's container",
        "The swarm runs each replica of a service as a task: a container named SERVICE.SLOT.TASKID on "
        "the node the scheduler chose. It is attached to the service's overlays (and to ingress when the "
        "service publishes ports through the routing mesh). Do not connect or disconnect it by hand: "
        "`docker service update --network-add/--network-rm` changes every task.",
    ),
    Topic(
        "macvlan",
        "macvlan driver: containers on the physical LAN",
        "Each container gets its own MAC address on a parent interface (option parent=eth0), so it shows "
        "up on the physical network like a separate machine, or a VM. No NAT and no bridge. By default "
        "the host itself cannot talk to its own macvlan containers through that parent.",
    ),
    Topic(
        "ipvlan",
        "ipvlan driver: like macvlan, addressed by IP",
        "Like macvlan, containers sit on a parent interface, but all share the parent's MAC address and "
        "are told apart by IP (L2 or L3 mode). Useful where a switch allows few MACs per port. Needs "
        'kernel support: without it a container fails to start with "operation not supported".',
    ),
    Topic(
        "link",
        "--link (legacy, one-way, deprecated)",
        "`docker run --link tomcat1 tomcat2` writes a line `IP alias hostname name` for tomcat1 into "
        "tomcat2's /etc/hosts, so tomcat2 can `ping tomcat1`. It is one-way: tomcat1 gets no entry for "
        "tomcat2 (link both ways, or edit /etc/hosts). The line is written at start and not updated if the "
        "target's address changes. Deprecated: use a user-defined network and its DNS instead.",
    ),
    Topic(
        "add-host",
        "--add-host NAME:IP",
        "Writes the line `IP NAME` into the container's own /etc/hosts. Static: nothing checks that the "
        "address exists or stays right.",
    ),
    Topic(
        "connect",
        "docker network connect: several networks, several interfaces",
        "`docker network connect NET CONTAINER` adds another interface (another veth pair) in that "
        "network's subnet; the container is then multi-homed and can talk to every member of each network "
        "it is on. --alias adds a DNS name on that network, --ip a fixed address.",
    ),
    Topic(
        "internal",
        "internal networks (--internal)",
        "No route out and no NAT: containers on an internal network reach each other but not the "
        "outside world, and published ports do not work.",
    ),
    Topic(
        "icc",
        "inter-container communication off (enable_icc=false)",
        "On a bridge created with -o com.docker.network.bridge.enable_icc=false, containers cannot talk "
        "to each other over that bridge; they can still reach out and be reached on published ports.",
    ),
    Topic(
        "ports",
        "published ports (-p HOST:CONTAINER) and the firewall",
        "The engine forwards a host port to the container (iptables DNAT, or docker-proxy). Only for "
        "bridge-like networks; host mode has no need and none mode no way. -p 8080:80 listens on every "
        "host address (IPv4 and IPv6), -p 127.0.0.1:8080:80 on the host's loopback only. Another "
        "machine's connection is DNAT-ed in PREROUTING and goes through FORWARD (DOCKER-USER first), "
        "not INPUT, so ufw and most host firewalls do not see it: filter it in DOCKER-USER with "
        "-m conntrack --ctorigdstport 8080 (after the DNAT the port is 80). `dockernet why outside "
        "NAME:80` and the ports screen (5) say who gets in, by which rule.",
    ),
    Topic(
        "stopped",
        "stopped containers",
        "A stopped container keeps its network memberships, aliases and static IPs, but has no address "
        "until it starts again; a new start may hand it a different IP unless --ip fixed one.",
    ),
    Topic(
        "pools",
        "address pools run out at about 30 networks",
        "Networks created without --subnet take a range from the engine's default pools, which run out "
        'after about 30 networks: "could not find an available, non-overlapping IPv4 address pool". '
        "Give --subnet, or set default-address-pools in daemon.json.",
    ),
    Topic(
        "commands",
        "the docker CLI for what you see here",
        "`docker network ls` is the Networks screen; `docker network inspect NET` is its detail and raw "
        "inspect (i); `docker network create --driver D --subnet S --gateway G NAME` makes one; "
        "`docker network connect NET CTR` / `disconnect` change membership; `docker run "
        "--net=bridge|host|none|container:X|NAME` picks a container's mode.",
    ),
]
