namespace ImageGate.Scanning.Rules;

/// <summary>The clauses of the EGI/WLCG VM image endorsement policy that can be checked on a disk (docs/policy.md).</summary>
public static class PolicyClauses
{
    /// <summary>"Images must not contain confidential information; images are world-readable."</summary>
    public static PolicyClause Confidentiality { get; } = new("confidentiality",
        "Images must not contain confidential information: images are world-readable.");

    /// <summary>"No installed accounts, host/service private keys, ssh private keys or user credentials of any form."</summary>
    public static PolicyClause NoCredentials { get; } = new("no-credentials",
        "Images must not hold any installed accounts, host/service private keys, ssh private keys or user credentials of any form.");

    /// <summary>"Must not prevent fine-grained monitoring and control (traceability and logging)."</summary>
    public static PolicyClause Traceability { get; } = new("traceability",
        "Images must not prevent the fine-grained monitoring and control of their instances (traceability and logging).");

    /// <summary>"Must not prevent local authorisation and policy decisions."</summary>
    public static PolicyClause LocalAuthorisation { get; } = new("local-authorisation",
        "Images must not prevent the site from taking local authorisation and policy decisions.");

    /// <summary>"All security patches applied."</summary>
    public static PolicyClause SecurityPatches { get; } = new("security-patches",
        "All operating system and other installed software security patches must be applied to all images and be up to date.");

    /// <summary>"Full list of installed software with exact versions."</summary>
    public static PolicyClause SoftwareInventory { get; } = new("software-inventory",
        "The endorser must keep a full list of the installed software with exact versions.");

    /// <summary>"Licences of distributed software": the image complies with applicable license conditions.</summary>
    public static PolicyClause Licences { get; } = new("licences",
        "The endorser handles all issues of distributing the licensed software in the image: it complies with applicable license conditions, and their licences must allow its distribution.");

    /// <summary>Every clause, in policy order.</summary>
    public static IReadOnlyList<PolicyClause> All { get; } =
        [Confidentiality, NoCredentials, Traceability, LocalAuthorisation, SecurityPatches, SoftwareInventory, Licences];

    /// <summary>The clause with <paramref name="id"/>, or null.</summary>
    public static PolicyClause? Find(string id) => All.FirstOrDefault(c => c.Id == id);
}
