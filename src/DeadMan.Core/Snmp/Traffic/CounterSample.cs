namespace DeadMan.Core.Snmp.Traffic;

/// <summary>One poll of one interface, with the agent's own clock (sysUpTime, in hundredths of a second).</summary>
/// <param name="Wide">True for ifHCInOctets/ifHCOutOctets (Counter64), false for the 32-bit ifInOctets/ifOutOctets.</param>
/// <param name="DiscontinuityTime">ifCounterDiscontinuityTime: a change means the counters restarted.</param>
/// <param name="Name">ifName (or ifDescr) at the polled index: a change means another interface took the index.</param>
public sealed record CounterSample(uint SysUpTime, ulong InOctets, ulong OutOctets, bool Wide, uint DiscontinuityTime, string Name);
