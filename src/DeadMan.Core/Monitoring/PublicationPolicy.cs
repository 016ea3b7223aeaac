namespace DeadMan.Core.Monitoring;

/// <summary>
/// When the engine loop publishes a new <see cref="MonitorSnapshot"/>. The policy is push, and only the loop asks it:
/// <list type="bullet">
/// <item>always after a batch that applied a command (its caller awaits a picture that shows it), that completed the
/// run's rounds (whoever awaits completion reads the picture that completed it), and the last batch;</item>
/// <item>while someone subscribes to <see cref="Monitor.Published"/> (a screen): at the end of a batch in which a target
/// changed state, so a host going down (or answering first) is on screen a slot later, not a period later; and
/// otherwise at most every <see cref="Period"/> while anything came in;</item>
/// <item>for nobody, never by time: a picture of 10,000 targets is 10,000 new views, and making one per 10 ms batch
/// for nobody cost half again the engine's CPU (measured). A reader who comes by rarely (a metrics scrape, the web)
/// asks for a fresh one with a command.</item>
/// </list>
/// Between changes only RTTs and counts move, once per interval per host: at 1,000 hosts, pictures ten times a second
/// cost the full screen 0.008 CPU s/s more than four times (measured, native), hence 250 ms.
/// </summary>
internal sealed class PublicationPolicy(TimeProvider time)
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private long _publishedAt = time.GetTimestamp();
    private bool _news;
    private bool _change;

    /// <summary>Whether a batch with an empty inbox has anything to do: only a picture that came due by time.</summary>
    public bool Idle(bool watched) => !(watched && _news);

    /// <summary>Says what a batch brought: any message at all, and whether a target changed state.</summary>
    public void Saw(bool news, bool stateChanged)
    {
        _news |= news;
        _change |= stateChanged;
    }

    /// <param name="watched">Someone subscribes to the pictures.</param>
    /// <param name="mustShow">The batch applied a command, completed the rounds, or is the last.</param>
    public bool Due(bool watched, bool mustShow) =>
        mustShow || (watched && (_change || (_news && time.GetElapsedTime(_publishedAt) >= Period)));

    public void Published() => (_publishedAt, _news, _change) = (time.GetTimestamp(), false, false);
}
