#!/usr/bin/env python3
"""A Cloud Run client Bulkhead did not write, for the emulator's conformance test.

Debian's protoc compiles the Cloud Run v2 .proto files that @google-cloud/run ships (with google.longrunning and the
other google-gax protos they import) into Python modules; Debian's grpcio then calls google.cloud.run.v2.Services and
google.longrunning.Operations over a plaintext channel: create -> wait -> get -> update -> wait -> delete -> wait,
unpacking each Operation's response with Any.Unpack as Google's own clients do, plus the documented refusals.
Prints one JSON line with what it saw. Python's own code throughout: no generated gRPC stubs are needed.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOTS = ["google/cloud/run/v2/service.proto", "google/longrunning/operations.proto"]
SERVICES = "/google.cloud.run.v2.Services/"
OPERATIONS = "/google.longrunning.Operations/"
IMPORT = re.compile(r'^import\s+(?:public\s+)?"([^"]+)";', re.MULTILINE)


def closure(roots, includes):
    """The .proto files the roots need, found in the include folders; the well-known types come with python3-protobuf."""
    seen, todo = [], list(roots)
    while todo:
        name = todo.pop()
        if name in seen or name.startswith("google/protobuf/"):
            continue
        path = next((os.path.join(d, name) for d in includes if os.path.exists(os.path.join(d, name))), None)
        if path is None:
            raise SystemExit("missing proto " + name)
        seen.append(name)
        with open(path, encoding="utf-8") as handle:
            todo.extend(IMPORT.findall(handle.read()))
    return seen


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--protoc", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--include", action="append", required=True)
    args = parser.parse_args()

    # The system's well-known types first, so the generated code matches Debian's python3-protobuf.
    includes = ["-I/usr/include"] + ["-I" + d for d in args.include]
    subprocess.run([args.protoc, *includes, "--python_out=" + args.out, *closure(ROOTS, args.include)], check=True)
    sys.path.insert(0, args.out)

    import grpc
    from google.cloud.run.v2 import condition_pb2, service_pb2
    from google.longrunning import operations_pb2
    from google.protobuf import duration_pb2

    channel = grpc.insecure_channel(args.target, options=[("grpc.enable_http_proxy", 0)])

    def method(path, request_type, response_type):
        call = channel.unary_unary(path, request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)
        return lambda request: call(request, timeout=60)

    create = method(SERVICES + "CreateService", service_pb2.CreateServiceRequest, operations_pb2.Operation)
    get = method(SERVICES + "GetService", service_pb2.GetServiceRequest, service_pb2.Service)
    update = method(SERVICES + "UpdateService", service_pb2.UpdateServiceRequest, operations_pb2.Operation)
    delete = method(SERVICES + "DeleteService", service_pb2.DeleteServiceRequest, operations_pb2.Operation)
    wait = method(OPERATIONS + "WaitOperation", operations_pb2.WaitOperationRequest, operations_pb2.Operation)
    list_operations = method(OPERATIONS + "ListOperations", operations_pb2.ListOperationsRequest, operations_pb2.ListOperationsResponse)

    def code_of(call):
        try:
            call()
        except grpc.RpcError as error:
            return error.code().name
        return "OK"

    def finished(operation):
        """Waits for the operation, then unpacks its response and metadata into Services, as Any.Unpack does."""
        while not operation.done:
            operation = wait(operations_pb2.WaitOperationRequest(name=operation.name, timeout=duration_pb2.Duration(seconds=30)))
        if operation.HasField("error"):
            raise SystemExit("operation failed: " + operation.error.message)
        response, metadata = service_pb2.Service(), service_pb2.Service()
        if not operation.response.Unpack(response) or not operation.metadata.Unpack(metadata):
            raise SystemExit("cannot unpack %s / %s" % (operation.response.type_url, operation.metadata.type_url))
        return response

    parent = "projects/python-conformance/locations/europe-west1"
    body = service_pb2.Service(labels={"client": "python"}, template={"containers": [{"image": "us-docker.pkg.dev/cloudrun/container/hello"}]})
    created = finished(create(service_pb2.CreateServiceRequest(parent=parent, service_id="from-python", service=body)))
    read = get(service_pb2.GetServiceRequest(name=created.name))

    changed = service_pb2.Service()
    changed.CopyFrom(read)
    changed.template.scaling.max_instance_count = 5
    updated = finished(update(service_pb2.UpdateServiceRequest(service=changed)))
    stale = code_of(lambda: update(service_pb2.UpdateServiceRequest(service=changed)))

    dry = create(service_pb2.CreateServiceRequest(parent=parent, service_id="dry-run", service=body, validate_only=True))
    done = list_operations(operations_pb2.ListOperationsRequest(name=parent, filter="done:true"))
    deleted = finished(delete(service_pb2.DeleteServiceRequest(name=created.name)))

    print(json.dumps({
        "created": created.name,
        "createdGeneration": created.generation,
        "createdCondition": condition_pb2.Condition.State.Name(created.terminal_condition.state),
        "readUri": read.uri.startswith("https://from-python-"),
        "updatedGeneration": updated.generation,
        "updatedMaxInstances": updated.template.scaling.max_instance_count,
        "staleEtag": stale,
        "validateOnlyDone": dry.done,
        "validateOnlyCreated": code_of(lambda: get(service_pb2.GetServiceRequest(name=parent + "/services/dry-run"))),
        "doneOperations": sorted(o.name.split("/operations/")[0] for o in done.operations),
        "deleted": deleted.name,
        "afterDelete": code_of(lambda: get(service_pb2.GetServiceRequest(name=created.name))),
        "badId": code_of(lambda: create(service_pb2.CreateServiceRequest(parent=parent, service_id="Bad_Id", service=body))),
    }))


if __name__ == "__main__":
    main()
