namespace DeadMan.Terminal.Model;

/// <summary>What the operator has chosen to see; the engine knows nothing of it.</summary>
public sealed record ViewState
{
    private static readonly int[] s_scales = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    /// <summary>deadman's own sparkline scale.</summary>
    public const int DefaultScaleMs = 10;

    /// <summary>Milliseconds per sparkline step (deadman's -s).</summary>
    public int ScaleMs { get; init; } = DefaultScaleMs;

    public SortOrder Sort { get; init; } = SortOrder.File;

    /// <summary>Rows whose name, address or group contain this text (case-insensitive); empty shows all.</summary>
    public string Filter { get; init; } = "";

    /// <summary>True while the operator is typing a filter after '/'.</summary>
    public bool EditingFilter { get; init; }

    /// <summary>First row of the table shown (scrolling).</summary>
    public int Scroll { get; init; }

    /// <summary>The target (by id) the arrow keys have moved to; null until they are used.</summary>
    public int? Selected { get; init; }

    /// <summary>The detail of the selected target is open over the table.</summary>
    public bool ShowDetail { get; init; }

    /// <summary>The detail shows the selected host's path traced live (t), until closed or t again.</summary>
    public bool LiveTrace { get; init; }

    /// <summary>First line of the detail shown, when it is longer than the screen.</summary>
    public int DetailScroll { get; init; }

    public bool ShowEvents { get; init; }

    /// <summary>First event shown in the events pane (0 = the newest).</summary>
    public int EventsScroll { get; init; }

    public bool ShowHelp { get; init; }

    /// <summary>First line of the help shown.</summary>
    public int HelpScroll { get; init; }

    /// <summary>An acknowledgement being written on the bottom line (a, then a note, then how long).</summary>
    public AcknowledgePrompt? Acknowledging { get; init; }

    /// <summary>What a closed prompt (or A) asks of the engine; the app takes it and clears it.</summary>
    public AcknowledgeOrder? Ordered { get; init; }

    /// <summary>A word for the operator on the bottom line until the next key ("sw-2f is up: nothing to acknowledge").</summary>
    public string? Hint { get; init; }

    /// <summary>A stage screen asked "quit?" and waits for y.</summary>
    public bool ConfirmingQuit { get; init; }

    /// <summary>An unattended screen (<c>--stage</c>): quitting asks first.</summary>
    public bool Stage { get; init; }

    public bool Compact { get; init; }

    public bool TimeMarkers { get; init; }

    public bool BlinkArrow { get; init; }

    /// <summary>Something is drawn over the table: q and Esc close it instead of acting on the table.</summary>
    public bool OverlayOpen => ShowHelp || ShowDetail || ShowEvents;

    public ViewState ScaleUp() => this with { ScaleMs = s_scales.FirstOrDefault(s => s > ScaleMs, ScaleMs) };

    public ViewState ScaleDown() => this with { ScaleMs = s_scales.LastOrDefault(s => s < ScaleMs, ScaleMs) };

    public ViewState NextSort() => this with { Sort = (SortOrder)(((int)Sort + 1) % Enum.GetValues<SortOrder>().Length), Scroll = 0 };
}
