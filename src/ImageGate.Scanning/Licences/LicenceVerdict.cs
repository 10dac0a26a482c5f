namespace ImageGate.Scanning.Licences;

/// <summary>What the policy says of a package's licence expression.</summary>
public enum LicenceVerdict
{
    /// <summary>The expression can be met with allowed licences only.</summary>
    Allowed,

    /// <summary>No licence recorded, or the best choice still needs a licence the policy neither allows nor denies.</summary>
    Unknown,

    /// <summary>Every choice the expression offers needs a denied licence.</summary>
    Denied,
}
