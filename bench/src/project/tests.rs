//! The generator keeps its promises: the size asked for, and a package `mote check` accepts.

use mote_compiler::db::check_package;

use super::*;

/// Every diagnostic of a package, rendered with its file, for failure messages.
fn diagnostics(texts: &[&str], paths: &[&str]) -> Vec<String> {
    check_package(texts)
        .iter()
        .zip(paths)
        .flat_map(|(ds, path)| {
            ds.iter().map(move |d| format!("{path}: {:?} {}: {:?}", d.code, d.message, d.primary_span()))
        })
        .collect()
}

#[test]
fn the_benchmark_size_is_what_it_says() {
    let project = project(50, 1_000);
    assert_eq!(project.files.len(), 51);
    assert_eq!(project.files[0].module, "Gen.M01");
    assert_eq!(project.files[49].module, "Gen.M50");
    assert_eq!(project.files[50].module, "Main");
    let lines = project.lines();
    assert!((48_000..=52_000).contains(&lines), "{lines} lines");
    for file in &project.files[..50] {
        let lines = file.text.lines().count();
        assert!((950..=1_050).contains(&lines), "{}: {lines} lines", file.module);
    }
}

/// A package small enough to check in a debug build, with every kind of import: `Gen.M05` to
/// `Gen.M07` import through a list, `Gen.M03` and `Gen.M06` have export lists, and `Gen.M07`
/// has more blocks than the `Gen.M06` it imports.
fn small() -> Project {
    let project = project(7, 325);
    assert!(project.files[5].blocks < project.files[6].blocks, "pick sizes where an importer has more blocks");
    project
}

#[test]
fn a_small_package_checks_cleanly() {
    let project = small();
    let texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
    let paths: Vec<&str> = project.files.iter().map(|f| f.path.as_str()).collect();
    let found = diagnostics(&texts, &paths);
    assert!(found.is_empty(), "{} diagnostics:\n{}", found.len(), found.join("\n"));
}

#[test]
fn edits_keep_the_package_clean_and_shift_later_lines() {
    let project = small();
    for index in [project.middle(), project.leaf()] {
        let edited = project.edited(index);
        let original = &project.files[index].text;
        assert_eq!(edited.lines().count(), original.lines().count() + 1);
        let site = &project.files[index].edit_site;
        assert!(edited.contains(&format!("\n{site} n =\n  ")), "{site} is edited");
        let mut texts: Vec<&str> = project.files.iter().map(|f| f.text.as_str()).collect();
        texts[index] = &edited;
        let paths: Vec<&str> = project.files.iter().map(|f| f.path.as_str()).collect();
        let found = diagnostics(&texts, &paths);
        assert!(found.is_empty(), "{} diagnostics after editing {site}:\n{}", found.len(), found.join("\n"));
    }
}
