#!/usr/bin/env python3
"""Structure-aware fuzz seeds, the shapes that found crashes by hand (issue 12), written beside the
sample-derived seeds: seed-structured.py CORPUS_ROOT.

FuzzCaptureFiles: the crafted regression files, and pcapng files whose interface blocks carry every
option (if_tsresol in both bases, if_tsoffset at 0/±1/Int64 extremes) followed by enhanced, simple
and obsolete packet blocks at the length corners (12, 16, 28, 32 bytes and caplen past the block).
FuzzFirewallLogs: for each format (selector byte = index in LogFormat.allCases) a fixture line with
every number replaced by 0, -1, 2^31, 2^63, 10^18, 1e308 or 1.5; header-only lines; and
timestamps cut at every position."""
import glob, os, re, struct, sys

root = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(here)

def write(corpus, name, data):
    os.makedirs(os.path.join(root, corpus), exist_ok=True)
    with open(os.path.join(root, corpus, "structured-" + name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape"))

# --- capture files -------------------------------------------------------------------------------
for path in glob.glob(os.path.join(repo, "Tests/EndToEndTests/Regressions/**/*.pcap*"), recursive=True):
    write("FuzzCaptureFiles", "regression-" + os.path.basename(path), open(path, "rb").read())

def block(kind, body, length=None):
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body) if length is None else length
    return struct.pack("<II", kind, total) + body + struct.pack("<I", total)

shb = block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
frame = bytes.fromhex("000102030405000102030406080045000024000100004011000" "0c0a8010a080808089c4082b4001000000000000000000000")
def opt(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)
def idb(*options):
    return block(1, struct.pack("<HHI", 1, 0, 262144) + b"".join(options) + struct.pack("<HH", 0, 0))
offsets = [0, 1, -1, 2**63 - 1, -2**63, 2**62]
resolutions = [b"\x00", b"\x06", b"\x09", b"\x13", b"\x80", b"\x8a", b"\xbf", b"\xff"]
n = 0
for offset in offsets:
    for resolution in resolutions:
        for units in [0, 1, 2**32 - 1, 2**63, 2**64 - 1]:
            epb = block(6, struct.pack("<IIIII", 0, units >> 32, units & 0xFFFFFFFF, len(frame), len(frame)) + frame)
            write("FuzzCaptureFiles", f"pcapng-{n}", shb + idb(opt(9, resolution), opt(14, struct.pack("<q", offset))) + epb)
            n += 1
for length in [12, 16, 20, 28, 32, 36]:
    for kind in [2, 3, 6]:
        body = struct.pack("<IIIII", 0, 0, 0, 4096, 4096)[: max(0, length - 12)]
        write("FuzzCaptureFiles", f"pcapng-corner-{kind}-{length}", shb + idb() + struct.pack("<II", kind, length) + body + struct.pack("<I", length))
write("FuzzCaptureFiles", "pcapng-two-interfaces", shb + idb(opt(14, struct.pack("<q", -2**63))) + idb(opt(14, struct.pack("<q", 2**63 - 1)))
      + block(6, struct.pack("<IIIII", 1, 0, 5, len(frame), len(frame)) + frame))

# --- log lines -----------------------------------------------------------------------------------
formats = ["iptables", "ulogd-json", "pf", "asa", "zeek-conn", "zeek-http", "suricata-eve", "vpc-flow", "windows-firewall",
           "panos", "fortigate", "cef", "gcp-firewall", "azure-nsg", "squid", "umbrella-dns",
           "windows-events", "juniper-srx", "netscreen", "checkpoint", "sonicwall", "proxysg", "auditd", "osquery", "sophos", "umbrella-proxy", "zscaler-web", "forcepoint-web"]
samples = {
    "iptables": "2026-11-23T05:00:31.123456+01:00 fw kernel: [12.5] OUT IN=eth0 OUT=eth1 SRC=192.168.1.10 DST=8.8.8.8 LEN=84 TTL=1 ID=7 PROTO=UDP SPT=40000 DPT=33434 LEN=64",
    "ulogd-json": '{"timestamp":"2026-01-01T00:00:00","oob.time.sec":1767225600,"oob.time.usec":5,"src_ip":"192.168.1.10","dest_ip":"8.8.8.8","ip.protocol":1,"ip.ttl":64,"icmp.type":8,"icmp.code":0,"icmp.echoid":3,"icmp.echoseq":1}',
    "pf": "Nov 23 05:00:31 fw filterlog[123]: 5,,,1000000103,em0,match,pass,out,4,0x0,,1,7,0,none,17,udp,60,192.168.1.10,8.8.8.8,40000,33434,40",
    "asa": "Nov 23 2026 05:00:31: %ASA-6-302020: Built outbound ICMP connection for faddr 8.8.8.8/0 gaddr 192.168.1.10/1 laddr 192.168.1.10/1",
    "zeek-conn": '{"ts":1767225600.5,"uid":"C1","id.orig_h":"192.168.1.10","id.orig_p":8,"id.resp_h":"8.8.8.8","id.resp_p":0,"proto":"icmp","orig_pkts":4}',
    "zeek-http": '{"ts":1767225600.5,"uid":"C1","id.orig_h":"192.168.1.10","id.orig_p":40000,"id.resp_h":"203.0.113.5","id.resp_p":80,"method":"GET","host":"ifconfig.me","uri":"/ip","user_agent":"curl/8.0"}',
    "suricata-eve": '{"timestamp":"2026-01-01T00:00:00.000000+0000","event_type":"flow","src_ip":"192.168.1.10","src_port":0,"dest_ip":"8.8.8.8","dest_port":0,"proto":"ICMP","icmp_type":8,"icmp_code":0,"flow":{"pkts_toserver":4,"pkts_toclient":4}}',
    "vpc-flow": "2 123456789012 eni-1 192.168.1.10 8.8.8.8 40000 33434 17 3 180 1767225600 1767225660 ACCEPT OK",
    "windows-firewall": "2026-02-01 10:00:00 ALLOW ICMP 192.168.1.10 8.8.8.8 - - 84 - - - - 8 0 - SEND",
    "panos": "1,2026/11/23 05:00:31,001,TRAFFIC,end,2049,2026/11/23 05:00:31,192.168.1.10,8.8.8.8,0.0.0.0,0.0.0.0,rule,,,ping,vsys1,trust,untrust,e1,e2,Log,2026/11/23 05:00:31,1,4,0,0,0,0,0x0,icmp,allow,392,196,196,4,2026/11/23 05:00:31,0,any,0,1,0x0,US,US,0,2,2,aged-out",
    "fortigate": 'date=2026-11-23 time=05:00:31 logid="0000000013" type="traffic" subtype="forward" srcip=192.168.1.10 srcport=0 dstip=8.8.8.8 dstport=0 proto=1 action="accept" sentpkt=4 eventtime=1767225600123456789',
    "cef": "CEF:0|Vendor|FW|1.0|100|traffic|3|rt=1767225600123 src=192.168.1.10 dst=8.8.8.8 proto=ICMP act=allow",
    "gcp-firewall": '{"jsonPayload":{"connection":{"src_ip":"192.168.1.10","dest_ip":"8.8.8.8","protocol":1},"disposition":"ALLOWED"},"timestamp":"2026-01-01T00:00:00Z"}',
    "azure-nsg": '{"records":[{"time":"2026-01-01T00:00:00Z","properties":{"Version":2,"flows":[{"flows":[{"flowTuples":["1767225600,192.168.1.10,8.8.8.8,40000,33434,U,O,A,B,,3,180,,"]}]}]}}]}',
    "umbrella-dns": '"2026-01-01 10:00:00","host-a","host-a,Roaming Computers","192.168.1.10","198.51.100.7","Allowed","16 (TXT)","NOERROR","o-o.myaddr.l.google.com.","Infrastructure","Roaming Computers","Roaming Computers",""',
    "windows-events": '{"EventID":1,"SourceName":"Microsoft-Windows-Sysmon","Hostname":"WS1","UtcTime":"2026-01-01 10:00:00.123","Image":"C:\\\\Windows\\\\System32\\\\PING.EXE","CommandLine":"ping  -n 4 8.8.8.8","ProcessId":"2164","User":"WS1\\\\alice","ParentImage":"C:\\\\Windows\\\\System32\\\\cmd.exe"}',
    "juniper-srx": '<14>1 2026-01-01T10:00:00.123Z SRX RT_FLOW - RT_FLOW_SESSION_CLOSE [junos@2636.1.1.1.2.129 source-address="192.168.1.10" source-port="40000" destination-address="8.8.8.8" destination-port="33434" protocol-id="17" session-id-32="7" packets-from-client="3"]',
    "netscreen": 'Jan  1 10:00:00 fw ns: NetScreen device_id=ns  [Root]system-notification-00257(traffic): start_time="2026-01-01 10:00:00" duration=0 policy_id=1 service=icmp proto=1 src zone=Trust dst zone=Untrust action=Permit sent=84 rcvd=0 src=192.168.1.10 dst=8.8.8.8 icmp type=8 session_id=1',
    "checkpoint": '<134>1 2026-01-01T10:00:00Z gw CheckPoint 1 - [action:"Accept"; time:"1767261600"; src:"192.168.1.10"; dst:"8.8.8.8"; proto:"1"; icmp-type:"8"; icmp-code:"0"; packets:"<192.168.1.10,1,8.8.8.8,2,17;eth0>"]',
    "sonicwall": 'id=firewall sn=0017C5A1B2C3 time="2026-01-01 10:00:00 UTC" fw=192.0.2.254 pri=6 c=1024 m=98 msg="Connection Opened" n=5 src=192.168.1.10:40000:X0 dst=8.8.8.8:33434:X1 proto=udp/33434 dstname=ifconfig.me arg=/ip',
    "proxysg": '2026-01-01 10:00:00 10 192.168.1.10 200 TCP_NC_MISS 100 200 GET http ifconfig.me 80 /ip ?x=1 - - ifconfig.me text/plain - "curl/8.5.0" OBSERVED "Technology/Internet" - 10.0.0.1',
    "auditd": 'node=web01 type=EXECVE msg=audit(1767261600.155:92801): argc=4 a0="ping" a1="-c" a2="4" a3=382E382E382E38',
    "osquery": '{"action":"added","columns":{"time":"1767261600","pid":"30219","path":"/bin/ping","cmdline":"ping -c 4 8.8.8.8","local_address":"192.168.1.10","remote_address":"8.8.8.8"},"unixTime":1767261601,"hostIdentifier":"web01","name":"process_events"}',
    "sophos": 'device="SFW" date=2026-01-01 time=10:00:00 timezone="UTC" log_type="Firewall" log_component="Firewall Rule" log_subtype="Allowed" src_ip=192.168.1.10 dst_ip=8.8.8.8 protocol="ICMP" icmp_type=8 url="http://ifconfig.me/ip" domain=ifconfig.me',
    "umbrella-proxy": '"2026-01-01 10:00:00","host-a","192.168.1.10","198.51.100.7","104.26.12.205","text/plain","ALLOWED","http://api.ipify.org/","","curl/8.5.0","200","80","20","20","","Infrastructure","","","","","","Roaming Computers","","host-a","Roaming Computers","GET","","","","","","",""',
    "zscaler-web": '{ "sourcetype" : "zscalernss-web", "event" :{"time":"Thu Jan  1 10:00:00 2026","cip":"198.51.100.7","cintip":"192.168.1.10","sip":"104.26.12.205","proto":"HTTP","eurl":"api.ipify.org/","reqmethod":"GET","ua":"curl/8.5.0","action":"Allowed"}}',
    "forcepoint-web": '"01/01/2026","10:00:00","anonymous","Not available","Information Technology","Allowed","Business Usage","Org Internal Workstations","HTTP://api.ipify.org/","198.51.100.7","104.26.12.205","192.168.1.10","None","None","curl/8.5.0","200","Get"',
    "squid": "1767225600.120    104 192.168.1.10 TCP_MISS/200 412 GET http://api.ipify.org:8080/ip?x=1 - HIER_DIRECT/203.0.113.10 text/plain",
}
headers = {
    "zeek-conn": ["#separator \\x09", "#fields", "#fields\t", "#types", "#fields\tts\tid.orig_h"],
    "windows-firewall": ["#Fields:", "#Fields: ", "#Fields: date time"],
    "vpc-flow": ["version", "${", "${srcaddr} ${", "${srcaddr} ${dstaddr} ${packets}", "srcaddr dstaddr packets"],
}
extremes = ["0", "-1", "2147483648", "9223372036854775808", "1000000000000000000", "1e308", "1.5", "99999999999999999999"]
number = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])")
for index, name in enumerate(formats):
    line = samples[name]
    selector = bytes([index])
    lines = []
    for value in extremes:
        lines.append(number.sub(value, line))
        # One number at a time, so the rest of the line stays valid.
        for match in list(number.finditer(line))[:12]:
            lines.append(line[: match.start()] + value + line[match.end():])
    for cut in range(len(line)):
        lines.append(line[:cut])
    lines += headers.get(name, [])
    for i in range(0, len(lines), 40):
        write("FuzzFirewallLogs", f"{name}-{i // 40}", selector + ("\n".join(lines[i:i + 40]) + "\n").encode())
print(f"structured seeds written under {root}", file=sys.stderr)
