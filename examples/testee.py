#!/usr/bin/env python3
"""A DetachKeyPair client in Python 3, standard library only, speaking the testee protocol.

Proof that the `sdk` command's testee protocol (spec/target-protocol.md §3) is language-neutral:

    dkp-conformance sdk --testee "python3 examples/testee.py"

It reads one JSON call per line on stdin and writes one JSON reply per line on stdout, then exits when
stdin closes. Each call is sent as a Signature V1 (HMAC-SHA1) GET with every parameter in the query and
Format=JSON (AU-1, TR-1, TR-2), and the JSON answer is mapped to the reply shape of §3.
"""

import base64
import datetime
import hashlib
import hmac
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid


def percent_encode(value):
    """RFC 3986 over UTF-8, as Alibaba Cloud signs it: A-Z a-z 0-9 - _ . ~ literal, the rest %XY."""
    return urllib.parse.quote(value.encode("utf-8"), safe="-_.~")


def sign_v1(method, params, secret):
    """Signature V1: HMAC-SHA1 over METHOD&%2F&encode(sorted canonical query), key secret + "&"."""
    pairs = sorted((percent_encode(name), percent_encode(value)) for name, value in params.items())
    canonical = "&".join(name + "=" + value for name, value in pairs)
    string_to_sign = method + "&" + percent_encode("/") + "&" + percent_encode(canonical)
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def error_reply(call_id, code, message, request_id, status):
    error = {"Code": code, "Message": message, "status": status}
    if request_id is not None:
        error["RequestId"] = request_id
    return {"id": call_id, "ok": False, "error": error}


def detach_key_pair(call):
    call_id = call.get("id")
    if call.get("op") != "DetachKeyPair":
        return {"id": call_id, "skipped": "only DetachKeyPair is implemented"}
    credentials = call["credentials"]
    business = call["input"]
    params = {
        "Action": "DetachKeyPair",
        "Version": "2014-05-26",
        "Format": "JSON",
        "AccessKeyId": credentials["accessKeyId"],
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "SignatureNonce": str(uuid.uuid4()),
        "Timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "RegionId": business["RegionId"],
        "KeyPairName": business["KeyPairName"],
        # The API takes the list as a JSON array in a string (CL-2).
        "InstanceIds": json.dumps(business["InstanceIds"]),
    }
    params["Signature"] = sign_v1("GET", params, credentials["accessKeySecret"])
    query = "&".join(percent_encode(k) + "=" + percent_encode(v) for k, v in params.items())
    url = call["endpoint"].rstrip("/") + "/?" + query
    request = urllib.request.Request(url, method="GET")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            status = response.status
            body = response.read()
    except urllib.error.HTTPError as http_error:
        status = http_error.code
        body = http_error.read()
    except (urllib.error.URLError, OSError) as transport_error:
        return error_reply(call_id, "ClientTransportError", str(transport_error), None, None)
    try:
        document = json.loads(body.decode("utf-8"))
    except ValueError as parse_error:
        return error_reply(call_id, "ClientDecodeError", "unreadable body: " + str(parse_error), None, status)
    if not isinstance(document, dict):
        return error_reply(call_id, "ClientDecodeError", "the body is not a JSON object", None, status)
    if status >= 300:
        return error_reply(
            call_id,
            str(document.get("Code", "HTTP" + str(status))),
            str(document.get("Message", "")),
            document.get("RequestId"),
            status,
        )
    output = {name: document[name] for name in ("RequestId", "KeyPairName", "TotalCount", "FailCount") if name in document}
    results = document.get("Results")
    if isinstance(results, dict) and isinstance(results.get("Result"), list):
        output["Results"] = [
            {name: entry[name] for name in ("InstanceId", "Success", "Code", "Message") if name in entry}
            for entry in results["Result"]
            if isinstance(entry, dict)
        ]
    return {"id": call_id, "ok": True, "output": output}


def main():
    for line in sys.stdin:
        if line.strip() == "":
            continue
        try:
            call = json.loads(line)
        except ValueError:
            reply = {"id": None, "skipped": "unreadable call"}
        else:
            try:
                reply = detach_key_pair(call)
            except Exception as unexpected:  # a bug here must not kill the testee: report it, keep serving
                print("testee error: " + repr(unexpected), file=sys.stderr)
                reply = error_reply(call.get("id"), "ClientError", repr(unexpected), None, None)
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
