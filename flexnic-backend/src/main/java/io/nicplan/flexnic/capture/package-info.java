/** Wire capture: both directions of the FlexNIC's port written to a classic pcap file. */
package io.nicplan.flexnic.capture;
