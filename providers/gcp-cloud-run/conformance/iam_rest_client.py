#!/usr/bin/env python3
"""An IAM REST client Bulkhead did not write, for the emulator's conformance test.

Python's own urllib speaks iam.googleapis.com's v1 JSON API to the emulator (projects.serviceAccounts): create ->
get -> list -> delete -> get, plus the documented refusals. Prints one JSON line with what it saw.
"""
import argparse
import json
import urllib.error
import urllib.request


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", required=True, help="the emulator's origin, e.g. http://127.0.0.1:8080")
    args = parser.parse_args()
    # No proxy, whatever the environment says: the emulator is on loopback.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(method, path, body=None):
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(args.base + path, data=data, method=method, headers={"Content-Type": "application/json", "Authorization": "Bearer dummy-python-token"})
        try:
            with opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    accounts = "/v1/projects/python-conformance/serviceAccounts"
    status, created = call("POST", accounts, {"accountId": "from-python", "serviceAccount": {"displayName": "From Python"}})
    duplicate_status, duplicate = call("POST", accounts, {"accountId": "from-python"})
    bad_status, bad = call("POST", accounts, {"accountId": "Bad_Id"})
    email = created.get("email", "")
    _, read = call("GET", accounts + "/" + email)
    _, listed = call("GET", accounts)
    deleted_status, _ = call("DELETE", accounts + "/" + email)
    gone_status, gone = call("GET", accounts + "/" + email)

    print(json.dumps({
        "created": [status, created.get("name"), created.get("displayName")],
        "uniqueId": len(created.get("uniqueId", "")) == 21,
        "read": read.get("email"),
        "listed": [a.get("email") for a in listed.get("accounts", [])],
        "duplicate": [duplicate_status, duplicate.get("error", {}).get("status")],
        "badId": [bad_status, bad.get("error", {}).get("status")],
        "deleted": deleted_status,
        "afterDelete": [gone_status, gone.get("error", {}).get("status")],
    }))


if __name__ == "__main__":
    main()
