using DeadMan.Core.Snmp.Gauges;

namespace DeadMan.Core.Monitoring;

/// <summary>What the engine keeps for one gauge of a host line between polls: the last reading and recent values.</summary>
internal sealed class GaugeState(string name)
{
    private const int HistoryLength = 256;

    // Newest first; replaced, never changed, so a published view can hold it.
    private double[] _history = [];
    private GaugeView? _view;

    public string Name { get; } = name;

    public GaugeReading? Reading { get; private set; }

    public void Apply(GaugeReading reading)
    {
        Reading = reading;
        if (reading.Value is { } value)
        {
            _history = [value, .. _history.AsSpan(0, Math.Min(_history.Length, HistoryLength - 1))];
        }

        _view = null;
    }

    /// <summary>Null until the first poll (or when deadman.toml no longer has the gauge).</summary>
    public GaugeView? View(string host) => Reading is null ? null
        : _view is { } view && view.Host == host ? view
        : _view = new GaugeView(host, Reading) { History = _history };
}
