namespace ImageGate.Scanning.Services;

/// <summary>What the image's unit files and links say about one systemd unit.</summary>
internal enum UnitState
{
    /// <summary>No unit file in any unit directory.</summary>
    Missing,

    /// <summary>Linked to <c>/dev/null</c> (or an empty file): it never starts.</summary>
    Masked,

    /// <summary>A unit file exists but nothing links it into a target: it does not start at boot.</summary>
    Disabled,

    /// <summary>A wants/requires/upholds link starts it at boot.</summary>
    Enabled,
}
