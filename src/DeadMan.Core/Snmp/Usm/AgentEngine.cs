namespace DeadMan.Core.Snmp.Usm;

/// <summary>
/// An agent's SNMP engine as the client knows it: its id, and its clock (boots, time) carried forward by our own
/// monotonic clock from the last time the agent told it. Never frozen (an agent refuses a time more than 150 s
/// off), and moved forward only by what the agent says, except when it says we are out of its window.
/// </summary>
internal sealed class AgentEngine(byte[] id, int boots, int time, long anchor, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private int _boots = boots;
    private int _time = time;
    private long _anchor = anchor;

    public byte[] Id { get; } = id;

    public (int Boots, int Time) Clock()
    {
        lock (_lock)
        {
            return (_boots, _time + (int)clock.GetElapsedTime(_anchor).TotalSeconds);
        }
    }

    /// <summary>An authenticated answer's boots and time: taken when later than our reckoning.</summary>
    public void Heard(int boots, int time)
    {
        lock (_lock)
        {
            int now = _time + (int)clock.GetElapsedTime(_anchor).TotalSeconds;
            if (boots > _boots || (boots == _boots && time > now))
            {
                (_boots, _time, _anchor) = (boots, time, clock.GetTimestamp());
            }
        }
    }

    /// <summary>The agent said we are outside its time window (an authenticated report): its clock, whatever it is.</summary>
    public void Reset(int boots, int time)
    {
        lock (_lock)
        {
            (_boots, _time, _anchor) = (boots, time, clock.GetTimestamp());
        }
    }
}
