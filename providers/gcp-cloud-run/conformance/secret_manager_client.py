#!/usr/bin/env python3
"""A Secret Manager client Bulkhead did not write, for the emulator's conformance test.

Debian's protoc compiles the .proto files that @google-cloud/secret-manager ships (and the google-gax ones
they import) into Python modules; Debian's grpcio then calls google.cloud.secretmanager.v1.SecretManagerService
over a plaintext channel: create -> add version (with its CRC32C) -> access -> delete, plus two refusals.
Prints one JSON line with what it saw. Python's own code throughout: no generated gRPC stubs are needed.
"""
import argparse
import json
import subprocess
import sys

PROTOS = [
    "google/cloud/secretmanager/v1/service.proto",
    "google/cloud/secretmanager/v1/resources.proto",
    "google/iam/v1/iam_policy.proto",
    "google/iam/v1/policy.proto",
    "google/iam/v1/options.proto",
    "google/iam/v1/resource_policy_member.proto",
    "google/type/expr.proto",
    "google/api/annotations.proto",
    "google/api/http.proto",
    "google/api/client.proto",
    "google/api/field_behavior.proto",
    "google/api/resource.proto",
    "google/api/launch_stage.proto",
    "google/rpc/status.proto",
]
SERVICE = "/google.cloud.secretmanager.v1.SecretManagerService/"


def crc32c(data):
    """CRC32C (Castagnoli), written here independently of the emulator's."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--include", action="append", required=True)
    args = parser.parse_args()

    # The system's well-known types first, so the generated code matches Debian's python3-protobuf.
    includes = ["-I/usr/include"] + ["-I" + d for d in args.include]
    subprocess.run([args.protoc, *includes, "--python_out=" + args.out, *PROTOS], check=True)
    sys.path.insert(0, args.out)

    import grpc
    from google.cloud.secretmanager.v1 import resources_pb2, service_pb2
    from google.protobuf import empty_pb2

    channel = grpc.insecure_channel(args.target, options=[("grpc.enable_http_proxy", 0)])

    def method(name, request_type, response_type):
        call = channel.unary_unary(SERVICE + name, request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)
        return lambda request: call(request, timeout=15)

    create = method("CreateSecret", service_pb2.CreateSecretRequest, resources_pb2.Secret)
    get = method("GetSecret", service_pb2.GetSecretRequest, resources_pb2.Secret)
    add = method("AddSecretVersion", service_pb2.AddSecretVersionRequest, resources_pb2.SecretVersion)
    access = method("AccessSecretVersion", service_pb2.AccessSecretVersionRequest, service_pb2.AccessSecretVersionResponse)
    delete = method("DeleteSecret", service_pb2.DeleteSecretRequest, empty_pb2.Empty)

    def code_of(call):
        try:
            call()
        except grpc.RpcError as error:
            return error.code().name
        return "OK"

    parent = "projects/python-conformance"
    automatic = resources_pb2.Replication(automatic=resources_pb2.Replication.Automatic())
    secret = create(service_pb2.CreateSecretRequest(parent=parent, secret_id="from-python", secret=resources_pb2.Secret(replication=automatic, labels={"client": "python"})))
    duplicate = code_of(lambda: create(service_pb2.CreateSecretRequest(parent=parent, secret_id="from-python", secret=resources_pb2.Secret(replication=automatic))))
    bad_id = code_of(lambda: create(service_pb2.CreateSecretRequest(parent=parent, secret_id="bad.id", secret=resources_pb2.Secret(replication=automatic))))

    data = "a value from Python".encode("utf-8")
    version = add(service_pb2.AddSecretVersionRequest(parent=secret.name, payload=resources_pb2.SecretPayload(data=data, data_crc32c=crc32c(data))))
    accessed = access(service_pb2.AccessSecretVersionRequest(name=secret.name + "/versions/latest"))
    delete(service_pb2.DeleteSecretRequest(name=secret.name))

    print(json.dumps({
        "created": secret.name,
        "version": version.name,
        "accessed": accessed.payload.data.decode("utf-8"),
        "checksumMatches": accessed.payload.data_crc32c == crc32c(accessed.payload.data),
        "missingAfterDelete": code_of(lambda: get(service_pb2.GetSecretRequest(name=secret.name))),
        "duplicate": duplicate,
        "badId": bad_id,
    }))


if __name__ == "__main__":
    main()
