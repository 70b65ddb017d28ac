//! Simple as a configuration and plugin language: the host loads
//! `config.spl` in a sandbox (no SFFI, only the functions it registers),
//! reads typed settings out of it, calls its `route` plugin per request, and
//! survives a plugin that never returns.
//!
//! Run it with `cargo run -p simple-interp --example host [ENV]`.

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use simple_interp::{Error, ErrorKind, Interpreter, host_struct};

host_struct!(
    #[derive(Debug)]
    struct Route {
        path: String,
        backend: String,
        weight: i64,
    }
);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let env = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "prod".to_string());

    // A sandbox: `Interpreter::new()` has no host functions; SFFI
    // (`simple_sffi::register_all`) is not registered, so scripts cannot
    // reach files, processes or memory.
    let mut interp = Interpreter::new();
    interp.set_max_operations(1_000_000);
    interp.set_max_call_depth(64);
    interp.set_max_memory(1 << 20);
    interp.set_time_limit(Duration::from_millis(500));

    // What the script may use.
    let logs = Rc::new(RefCell::new(Vec::new()));
    let sink = logs.clone();
    interp.register("log", move |message: String| {
        sink.borrow_mut().push(message)
    });
    interp.set_global("env", env.as_str());
    interp.on_print(|text| print!("[script] {text}"));

    let source = include_str!("config.spl");
    if let Err(e) = interp.run_source("config.spl", source) {
        eprint!("{}", interp.render_error(&e, false));
        return Err(e.into());
    }

    // Typed settings.
    let name: String = interp.get_global("name").ok_or("config: no `name`")?;
    let workers: i64 = interp.get_global("workers").ok_or("config: no `workers`")?;
    let routes: Vec<Route> = interp.get_global("routes").ok_or("config: bad `routes`")?;
    println!("service {name}: {workers} workers, {} routes", routes.len());
    for r in &routes {
        println!("  {} -> {} (weight {})", r.path, r.backend, r.weight);
    }

    // The plugin, once per request.
    for path in ["/api/users", "/static/logo.png", "/admin"] {
        let backend: Option<String> = interp.call("route", (path,))?;
        println!("{path}: {}", backend.as_deref().unwrap_or("404"));
    }
    for line in logs.borrow().iter() {
        println!("log: {line}");
    }

    // A runaway plugin is stopped by a limit, and the interpreter goes on.
    match interp.call::<()>("spin", ()) {
        Err(e @ Error::Runtime(_)) if e.kind().is_some_and(ErrorKind::is_limit) => {
            println!("spin stopped: {e}")
        }
        other => return Err(format!("spin should hit a limit: {other:?}").into()),
    }
    let backend: Option<String> = interp.call("route", ("/api/health",))?;
    println!(
        "after the limit, /api/health: {}",
        backend.unwrap_or_default()
    );
    Ok(())
}
