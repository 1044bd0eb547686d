#!/usr/bin/env python3
"""A Cloud Logging client Bulkhead did not write, for the emulator's conformance test.

Debian's protoc compiles the Cloud Run v2 .proto files @google-cloud/run ships and the Cloud Logging v2 ones
@google-cloud/logging's generated client ships (with the google-gax protos they import) into Python modules; Debian's
grpcio then makes a Cloud Run service whose revision keeps one instance warm, reads its container's log with
google.logging.v2.LoggingServiceV2/ListLogEntries page by page, follows it with the TailLogEntries stream until one new
line arrives, and gets the documented refusal of a filter the emulator cannot read. Prints one JSON line with what it saw.
"""
import argparse
import json
import os
import re
import subprocess
import sys

ROOTS = ["google/cloud/run/v2/service.proto", "google/longrunning/operations.proto", "google/logging/v2/logging.proto"]
SERVICES = "/google.cloud.run.v2.Services/"
OPERATIONS = "/google.longrunning.Operations/"
LOGGING = "/google.logging.v2.LoggingServiceV2/"
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

    includes = ["-I/usr/include"] + ["-I" + d for d in args.include]
    subprocess.run([args.protoc, *includes, "--python_out=" + args.out, *closure(ROOTS, args.include)], check=True)
    sys.path.insert(0, args.out)

    import grpc
    from google.cloud.run.v2 import service_pb2
    from google.logging.v2 import logging_pb2
    from google.longrunning import operations_pb2
    from google.protobuf import duration_pb2

    channel = grpc.insecure_channel(args.target, options=[("grpc.enable_http_proxy", 0)])

    def method(path, request_type, response_type):
        call = channel.unary_unary(path, request_serializer=request_type.SerializeToString, response_deserializer=response_type.FromString)
        return lambda request: call(request, timeout=60)

    create = method(SERVICES + "CreateService", service_pb2.CreateServiceRequest, operations_pb2.Operation)
    delete = method(SERVICES + "DeleteService", service_pb2.DeleteServiceRequest, operations_pb2.Operation)
    wait = method(OPERATIONS + "WaitOperation", operations_pb2.WaitOperationRequest, operations_pb2.Operation)
    list_entries = method(LOGGING + "ListLogEntries", logging_pb2.ListLogEntriesRequest, logging_pb2.ListLogEntriesResponse)
    tail = channel.stream_stream(LOGGING + "TailLogEntries", request_serializer=logging_pb2.TailLogEntriesRequest.SerializeToString, response_deserializer=logging_pb2.TailLogEntriesResponse.FromString)

    def finished(operation):
        while not operation.done:
            operation = wait(operations_pb2.WaitOperationRequest(name=operation.name, timeout=duration_pb2.Duration(seconds=30)))
        if operation.HasField("error"):
            raise SystemExit("operation failed: " + operation.error.message)
        return operation

    def code_of(call):
        try:
            call()
        except grpc.RpcError as error:
            return error.code().name
        return "OK"

    project = "python-conformance"
    parent = "projects/%s/locations/europe-west1" % project
    container = {
        "image": "us-docker.pkg.dev/cloudrun/container/hello",
        "env": [{"name": "GREETING", "value": "not printed"}],
        "liveness_probe": {"http_get": {"path": "/healthz"}, "period_seconds": 1},
    }
    body = service_pb2.Service(template={"containers": [container], "scaling": {"min_instance_count": 1}})
    finished(create(service_pb2.CreateServiceRequest(parent=parent, service_id="python-logs", service=body)))

    query = 'resource.type="cloud_run_revision" AND resource.labels.service_name="python-logs"'
    entries, token, pages = [], "", 0
    while True:
        page = list_entries(logging_pb2.ListLogEntriesRequest(resource_names=["projects/" + project], filter=query, order_by="timestamp asc", page_size=2, page_token=token))
        entries.extend(page.entries)
        pages += 1
        token = page.next_page_token
        if not token:
            break

    request = logging_pb2.TailLogEntriesRequest(resource_names=["projects/" + project], filter=query + ' AND textPayload:"GET"', buffer_window=duration_pb2.Duration(seconds=0))
    stream = tail(iter([request]), timeout=30)
    followed = next(entry for response in stream for entry in response.entries)
    stream.cancel()

    refused = code_of(lambda: list_entries(logging_pb2.ListLogEntriesRequest(resource_names=["projects/" + project], filter=query + " OR severity>=ERROR")))
    finished(delete(service_pb2.DeleteServiceRequest(name=parent + "/services/python-logs")))

    print(json.dumps({
        "firstLines": [entry.text_payload for entry in entries[:3]],
        "pagesOfTwo": pages >= 2,
        "ordered": [entry.timestamp.ToNanoseconds() for entry in entries] == sorted(entry.timestamp.ToNanoseconds() for entry in entries),
        "resource": [entries[0].resource.type, entries[0].resource.labels["service_name"], entries[0].resource.labels["location"]],
        "logName": entries[0].log_name,
        "instanceLabel": len(entries[0].labels["instanceId"]) > 0,
        "followed": followed.text_payload,
        "refusedOr": refused,
    }))


if __name__ == "__main__":
    main()
