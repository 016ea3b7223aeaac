using System.Globalization;
using DeadMan.Core.Snmp.Ber;

namespace DeadMan.Core.Snmp.Gauges;

/// <summary>
/// Reads the gauges of one host line from an agent: asks for sysUpTime and every gauge's object, and turns what came
/// back into numbers. INTEGER, Gauge32 and TimeTicks are taken as they are; Counter32 and Counter64 become a rate per
/// second over the agent's own sysUpTime (a counter's value says nothing by itself); a string counts when it starts
/// with a number ("23.5", "41 C"), as scripts behind net-snmp's extend and pass answer.
/// One polling task owns a sampler.
/// </summary>
public sealed class GaugeSampler
{
    private static readonly Oid s_sysUpTime = Oid.Parse("1.3.6.1.2.1.1.3.0");

    // Gauges are small: 16 of them with sysUpTime keep an answer well within one unfragmented datagram.
    private const int GaugesPerRequest = 16;

    private Sampled[] _gauges;

    public GaugeSampler(IReadOnlyList<GaugeDefinition> gauges) => _gauges = [.. gauges.Select(g => new Sampled(g))];

    public bool IsEmpty => _gauges.Length == 0;

    /// <summary>From the next poll on, read these; a gauge of the same name still read at the same object keeps its counter baseline.</summary>
    public void Watch(IReadOnlyList<GaugeDefinition> gauges)
    {
        Dictionary<string, Sampled> kept = _gauges.ToDictionary(g => g.Definition.Name, StringComparer.Ordinal);
        _gauges = [.. gauges.Select(g => kept.TryGetValue(g.Name, out Sampled? same) && same.Definition.Oid.Equals(g.Oid) ? same.With(g) : new Sampled(g))];
    }

    public async Task PollAsync(SnmpClient client, SnmpAgent agent, CancellationToken cancellationToken)
    {
        foreach (Sampled[] group in _gauges.Chunk(GaugesPerRequest))
        {
            SnmpPdu response = await client.GetAsync(agent, [s_sysUpTime, .. group.Select(g => g.Definition.Oid)], cancellationToken).ConfigureAwait(false);
            var values = new Dictionary<Oid, SnmpValue>();
            foreach (VarBind v in response.VarBinds)
            {
                values[v.Oid] = v.Value;
            }

            uint upTime = values.TryGetValue(s_sysUpTime, out SnmpValue up) ? (uint)up.Counter : 0;
            foreach (Sampled gauge in group)
            {
                gauge.Read(values.GetValueOrDefault(gauge.Definition.Oid), upTime);
            }
        }
    }

    /// <summary>Every gauge as the last poll left it; all of them in <paramref name="agentState"/> when the agent did not answer it.</summary>
    public IReadOnlyList<GaugeReading> Readings(string? agentProblem, string agentState) =>
        [.. _gauges.Select(g => agentProblem is null ? g.Reading : new GaugeReading(g.Definition, agentState, null, agentProblem))];

    /// <summary>The number a value that is no counter holds (unscaled); null with why not.</summary>
    public static (double? Value, string? Problem) Number(SnmpValue value) => value.Tag switch
    {
        BerTag.Integer => (value.Number, null),
        BerTag.Gauge32 or BerTag.TimeTicks => (value.Counter, null),
        BerTag.OctetString => LeadingNumber(value.Text) is { } n ? (n, null) : (null, $"'{Shorten(value.Text)}' is no number"),
        BerTag.NoSuchObject or BerTag.NoSuchInstance or BerTag.EndOfMibView or 0 => (null, "the agent has nothing at this OID"),
        _ => (null, $"{Kind(value.Tag)} is no number this gauge can show"),
    };

    private static string Kind(byte tag) => tag switch
    {
        BerTag.Null => "a NULL",
        BerTag.IpAddress => "an IpAddress",
        BerTag.ObjectIdentifier => "an OBJECT IDENTIFIER",
        BerTag.Opaque => "an Opaque",
        _ => $"a value of tag 0x{tag:x2}",
    };

    private static double? LeadingNumber(string text)
    {
        ReadOnlySpan<char> span = text.AsSpan().Trim();
        int end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] is '.' || (end == 0 && span[end] is '-' or '+')))
        {
            end++;
        }

        return double.TryParse(span[..end], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            ? value : null;
    }

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..23] + "…";

    private sealed class Sampled(GaugeDefinition definition)
    {
        private (ulong Counter, uint UpTime, bool Wide)? _previous;

        public GaugeDefinition Definition { get; private set; } = definition;

        public GaugeReading Reading { get; private set; } = new(definition, "waiting", null, "not polled yet");

        public Sampled With(GaugeDefinition definition)
        {
            Definition = definition;
            Reading = Reading with { Definition = definition, Value = Reading.Value / Reading.Definition.Scale * definition.Scale };
            return this;
        }

        public void Read(SnmpValue value, uint upTime)
        {
            if (value.Tag is BerTag.Counter32 or BerTag.Counter64)
            {
                Rate(value, upTime);
                return;
            }

            _previous = null;
            (double? number, string? problem) = Number(value);
            Reading = number is { } n ? new GaugeReading(Definition, "ok", n * Definition.Scale, null) : new GaugeReading(Definition, "no-value", null, problem);
        }

        // Over the agent's own clock, as for interfaces; a counter that went back (a wrapped Counter32 aside) or an
        // agent that restarted starts a new baseline rather than a made-up rate.
        private void Rate(SnmpValue value, uint upTime)
        {
            bool wide = value.Tag == BerTag.Counter64;
            var previous = _previous;
            _previous = (value.Counter, upTime, wide);
            if (previous is not { } p || p.Wide != wide || upTime <= p.UpTime || (wide && value.Counter < p.Counter))
            {
                Reading = new GaugeReading(Definition, "waiting", null, "a counter: its rate after the next poll");
                return;
            }

            ulong delta = wide ? value.Counter - p.Counter : (uint)((uint)value.Counter - (uint)p.Counter);
            double seconds = (upTime - p.UpTime) / 100.0;
            Reading = new GaugeReading(Definition, "ok", delta / seconds * Definition.Scale, null);
        }
    }
}
