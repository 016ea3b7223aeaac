#!/bin/sh
# How many stations (phones, laptops) an access point of the lab has, for net-snmp's snmpd:
#   pass_persist .1.3.6.1.4.1.8072.9999.9999.1 /bin/sh stations.sh FILE
# serves the number in FILE (written by `lab crowd AP N`) as a Gauge32 at .1.3.6.1.4.1.8072.9999.9999.1.0
# (NET-SNMP-MIB's netSnmpPlaypen, meant for local experiments). pass_persist, not pass or extend: snmpd keeps
# their output for a while, so a crowd would show late. A real access point has this in its vendor's MIB.
oid=.1.3.6.1.4.1.8072.9999.9999.1.0
while read -r command; do
  case "$command" in
    PING) echo PONG ;;
    get) read -r asked
         if [ "$asked" = "$oid" ] && [ -r "$1" ]; then echo "$oid"; echo gauge; cat "$1"; else echo NONE; fi ;;
    getnext) read -r asked; echo NONE ;;
    set) read -r asked; read -r value; echo not-writable ;;
    *) exit 0 ;;
  esac
done
