#ifndef MEDSWEEP_CNNG_SHIM_H
#define MEDSWEEP_CNNG_SHIM_H

// libnng's public API as the NNG target uses it: the core, and the REQ/REP
// protocols the coordinator and workers speak (DESIGN.md, "Wire protocol").
#include <nng/nng.h>
#include <nng/protocol/reqrep0/req.h>
#include <nng/protocol/reqrep0/rep.h>
#include <nng/supplemental/util/platform.h>
// TLS configuration objects for tls+tcp:// (nng_tls_config_*); the transport itself may be
// absent at run time, which the NNG target checks with nng_tls_config_alloc.
#include <nng/supplemental/tls/tls.h>

#endif
