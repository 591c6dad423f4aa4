/// The commit this binary was built from. `Scripts/package` writes it in for a release build;
/// a development build says "unknown".
enum BuildCommit {
    static let hash = "unknown"
}
