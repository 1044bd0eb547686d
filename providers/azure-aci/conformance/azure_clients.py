"""Conformance client for the Azure emulator, written against Debian's python3-azure (azure-mgmt-containerinstance and
azure-mgmt-network), which Bulkhead did not write: create, update, read and delete of a container group in a delegated
subnet and of a network security group rule, against a standalone emulator.

Usage: python3 azure_clients.py <emulator url> <certificate file> <subscription id>
Prints one JSON object per step on stdout; exits non-zero at the first step that fails.
"""
import json
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import ResourceNotFoundError
from azure.mgmt.containerinstance import ContainerInstanceManagementClient
from azure.mgmt.containerinstance import models as aci
from azure.mgmt.network import NetworkManagementClient

URL, CERTIFICATE, SUBSCRIPTION = sys.argv[1:4]
# The emulator's operations take milliseconds; the SDK's default is to wait 30 s between polls.
POLL = {"polling_interval": 0.05}


class DummyCredential:
    """A token credential that never looks for a real identity."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken("dummy-token", int(time.time()) + 3600)


def step(label, **facts):
    print(json.dumps({"step": label, **facts}), flush=True)


credential = DummyCredential()
network = NetworkManagementClient(credential, SUBSCRIPTION, base_url=URL, connection_verify=CERTIFICATE, retry_total=0)
instances = ContainerInstanceManagementClient(credential, SUBSCRIPTION, base_url=URL, connection_verify=CERTIFICATE, retry_total=0)

# The network an operator prepares: a security group, and a subnet delegated to container groups that uses it.
group = network.network_security_groups.begin_create_or_update("py-net", "py-nsg", {"location": "westeurope"}, **POLL).result()
vnet = network.virtual_networks.begin_create_or_update(
    "py-net",
    "py-vnet",
    {
        "location": "westeurope",
        "address_space": {"address_prefixes": ["10.9.0.0/16"]},
        "subnets": [
            {
                "name": "aci",
                "address_prefix": "10.9.0.0/24",
                "delegations": [{"name": "aci", "service_name": "Microsoft.ContainerInstance/containerGroups"}],
                "network_security_group": {"id": group.id},
            }
        ],
    },
    **POLL,
).result()
subnet = network.subnets.get("py-net", "py-vnet", "aci")
step("subnet", id=subnet.id, delegations=[d.service_name for d in subnet.delegations], nsg=subnet.network_security_group.id)

# A security rule: create, update, read, delete.
rule = {
    "protocol": "Tcp",
    "access": "Allow",
    "direction": "Inbound",
    "priority": 1200,
    "source_port_range": "*",
    "destination_port_range": "8080",
    "source_address_prefix": "10.9.0.4",
    "destination_address_prefix": "10.9.0.5",
    "description": "conformance",
}
created = network.security_rules.begin_create_or_update("py-net", "py-nsg", "py-rule", rule, **POLL).result()
step("rule created", name=created.name, priority=created.priority, state=created.provisioning_state)
updated = network.security_rules.begin_create_or_update("py-net", "py-nsg", "py-rule", {**rule, "destination_port_range": "9090"}, **POLL).result()
step("rule updated", port=updated.destination_port_range)
read = network.security_rules.get("py-net", "py-nsg", "py-rule")
step("rule read", port=read.destination_port_range, source=read.source_address_prefix, access=read.access)
network.security_rules.begin_delete("py-net", "py-nsg", "py-rule", **POLL).result()
try:
    network.security_rules.get("py-net", "py-nsg", "py-rule")
    step("rule deleted", gone=False)
except ResourceNotFoundError as error:
    step("rule deleted", gone=True, code=error.error.code if error.error else None)

# A container group in the subnet: create, update, read, delete.
def container_group(image):
    return aci.ContainerGroup(
        location="westeurope",
        os_type="Linux",
        tags={"client": "python"},
        containers=[
            aci.Container(
                name="app",
                image=image,
                ports=[aci.ContainerPort(port=8080)],
                resources=aci.ResourceRequirements(requests=aci.ResourceRequests(cpu=0.5, memory_in_gb=1.0)),
                environment_variables=[aci.EnvironmentVariable(name="MODE", value="conformance")],
            )
        ],
        ip_address=aci.IpAddress(type="Private", ports=[aci.Port(port=8080)]),
        subnet_ids=[aci.ContainerGroupSubnetId(id=subnet.id)],
    )


first = "registry.example.com/team/py@sha256:" + "a" * 64
second = "registry.example.com/team/py@sha256:" + "b" * 64
made = instances.container_groups.begin_create_or_update("py-apps", "py-group", container_group(first), **POLL).result()
step("group created", state=made.provisioning_state, ip_type=made.ip_address.type, ip=made.ip_address.ip, subnet=made.subnet_ids[0].id)
changed = instances.container_groups.begin_create_or_update("py-apps", "py-group", container_group(second), **POLL).result()
step("group updated", image=changed.containers[0].image, state=changed.provisioning_state)
tagged = instances.container_groups.update("py-apps", "py-group", aci.Resource(tags={"client": "python", "stage": "tagged"}))
step("group tagged", tags=tagged.tags)
got = instances.container_groups.get("py-apps", "py-group")
logs = instances.containers.list_logs("py-apps", "py-group", "app", tail=10)
step("group read", image=got.containers[0].image, state=got.instance_view.state, tags=got.tags, logs=logs.content)
instances.container_groups.begin_delete("py-apps", "py-group", **POLL).result()
try:
    instances.container_groups.get("py-apps", "py-group")
    step("group deleted", gone=False)
except ResourceNotFoundError as error:
    step("group deleted", gone=True, code=error.error.code if error.error else None)
